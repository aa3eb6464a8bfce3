// What can go wrong asking a registry for a chart's tags, by code: a plan refusal is chosen by
// it. Messages name the registry and repository, never a credential or a token.
export type OciErrorCode =
  | "oci_unauthorized"
  | "oci_forbidden"
  | "oci_chart_not_found"
  | "oci_unreachable"
  | "oci_tls_untrusted"
  | "oci_bad_response";

export class OciRegistryError extends Error {
  readonly code: OciErrorCode;
  readonly registry: string;
  // What the registry said, its error codes and messages only (no headers, no bodies echoed).
  readonly stderrHead: string;

  constructor(code: OciErrorCode, registry: string, message: string, detail = "", cause?: unknown) {
    super(message, { cause });
    this.name = "OciRegistryError";
    this.code = code;
    this.registry = registry;
    this.stderrHead = detail;
  }
}
