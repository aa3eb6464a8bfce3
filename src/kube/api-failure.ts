// How an in-process request to the API server failed, in kubectl's terms: the server's own words
// as kubectl's stderr puts them (then classified by kubectl's rules), or the transport's failure
// as the same KubeError code kubectl's would get. Answers may hold Secrets: no byte of a body
// that is not a Status goes into an error, and no cause is kept (Node puts the bytes it could
// not parse on the error as rawPacket).
import { z } from "zod";
import { BodyTooLargeError } from "./kube-api-connection.ts";
import { KubeError } from "./kube-errors.ts";

// A Status is small; a larger error body is not read at all.
const MAX_STATUS_BYTES = 64 * 1024;
const MAX_STATUS_MESSAGE = 500;

const statusSchema = z.object({
  kind: z.literal("Status"),
  reason: z.string().optional(),
  message: z.string().optional(),
});

// kubectl's "Error from server (Reason)" when the answer is not a Status.
const REASON_BY_HTTP_CODE: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  500: "InternalError",
  503: "ServiceUnavailable",
  504: "Timeout",
};

// Failures Node reports where kubectl says it cannot reach the server (refused, no route, no
// such host, a certificate it cannot verify): the same code for the same situation.
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
]);
const TLS_UNVERIFIED = /CERT|SIGNATURE|^ERR_TLS_|^ERR_SSL_/;

// The server's own words for a failure, as kubectl's stderr puts them.
export function serverWords(status: number, body: Buffer): string {
  let parsed: unknown = null;
  if (body.length <= MAX_STATUS_BYTES) {
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      parsed = null;
    }
  }
  const known = statusSchema.safeParse(parsed);
  const reason = (known.success && known.data.reason) || REASON_BY_HTTP_CODE[status] || "Unknown";
  const message = known.success ? (known.data.message ?? "").slice(0, MAX_STATUS_MESSAGE) : "";
  return `Error from server (${reason}): ${message || `HTTP ${status}`}`;
}

// A request that got no answer (the caller handles its own deadline first). what: what was
// being read, for the message ("the log tail", "the API server's answer").
export function transportFailure(error: unknown, command: string[], what: string): KubeError {
  if (error instanceof KubeError) return error;
  if (error instanceof BodyTooLargeError) {
    return new KubeError("kube_command_failed", `${what} is too large to read.`, {
      command,
      stderr: error.message,
    });
  }
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  const said = `${code}: ${error instanceof Error ? error.message : String(error)}`;
  if (UNREACHABLE.has(code) || TLS_UNVERIFIED.test(code)) {
    return new KubeError(
      "kube_cluster_unreachable",
      "Wheelhouse cannot reach the Kubernetes API server.",
      { command, stderr: said },
    );
  }
  return new KubeError("kube_command_failed", "Reading from the API server failed.", {
    command,
    stderr: said,
  });
}
