// A chart's versions from its OCI registry: the distribution spec's tags list
// (GET /v2/<name>/tags/list, paginated by Link headers), after the auth dance a registry asks for
// in its 401: basic credentials, or a bearer token from the realm it names (Docker token spec).
// fetch and the credential lookup are passed in; TLS trust is the process's (see trustCaFile).
import { z } from "zod";
import type { OciReference } from "../model/oci-reference.ts";
import { OciRegistryError } from "./oci-registry-error.ts";
import { parseWwwAuthenticate } from "./parse-www-authenticate.ts";
import type { RegistryCredential } from "./registry-credentials.ts";

export interface OciTagsDeps {
  fetch: typeof fetch;
  credential: (registry: string) => Promise<RegistryCredential | null>;
  timeoutMs: number;
  // Tags asked for per page (the registry may send fewer and a Link to the next). Default 1000.
  pageSize?: number;
}

const tagsSchema = z.object({ tags: z.array(z.string()).nullable().default([]) });
const tokenSchema = z
  .object({ token: z.string().optional(), access_token: z.string().optional() })
  .refine((t) => (t.token ?? t.access_token) !== undefined, "no token in the answer");
const errorsSchema = z.object({
  errors: z.array(z.object({ code: z.string(), message: z.string().default("") })),
});

// Enough pages for any chart's history; a registry that keeps sending "next" is stopped.
const MAX_PAGES = 50;

function basic(c: RegistryCredential): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
}

async function registryErrors(response: Response): Promise<string> {
  try {
    const parsed = errorsSchema.safeParse(await response.json());
    if (!parsed.success) return `HTTP ${response.status}`;
    return parsed.data.errors.map((e) => `${e.code}: ${e.message}`).join("; ");
  } catch {
    // Not JSON (a proxy's HTML page): the status is all there is to say.
    return `HTTP ${response.status}`;
  }
}

function unreachable(ref: OciReference, error: unknown): OciRegistryError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = cause instanceof Error && "code" in cause ? String(cause.code) : "";
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code))
    return new OciRegistryError(
      "oci_tls_untrusted",
      ref.registry,
      `The registry ${ref.registry} presents a certificate Wheelhouse does not trust (${code}).`,
      code,
      error,
    );
  const text = cause instanceof Error ? cause.message : String(cause);
  return new OciRegistryError(
    "oci_unreachable",
    ref.registry,
    `The registry ${ref.registry} cannot be reached (${code || text}).`,
    code || text,
    error,
  );
}

export function createOciTagLister(deps: OciTagsDeps) {
  const request = async (ref: OciReference, url: string, authorization: string | null) => {
    try {
      return await deps.fetch(url, {
        headers: { accept: "application/json", ...(authorization ? { authorization } : {}) },
        signal: AbortSignal.timeout(deps.timeoutMs),
        redirect: "follow",
      });
    } catch (error) {
      throw unreachable(ref, error);
    }
  };

  async function bearerToken(ref: OciReference, params: Record<string, string>) {
    const realm = params.realm;
    if (realm === undefined || !/^https?:\/\//.test(realm))
      throw new OciRegistryError(
        "oci_bad_response",
        ref.registry,
        `The registry ${ref.registry} asks for a token but names no token service.`,
      );
    const url = new URL(realm);
    if (params.service) url.searchParams.set("service", params.service);
    url.searchParams.set("scope", `repository:${ref.repository}:pull`);
    const credential = await deps.credential(ref.registry);
    const response = await request(ref, url.toString(), credential ? basic(credential) : null);
    if (response.status === 401 || response.status === 403) {
      throw new OciRegistryError(
        "oci_unauthorized",
        ref.registry,
        credential
          ? `The token service of ${ref.registry} refused the credentials in helm's registry config.`
          : `${ref.registry} needs credentials and helm's registry config has none for it.`,
        await registryErrors(response),
      );
    }
    const parsed = tokenSchema.safeParse(response.ok ? await response.json() : null);
    if (!parsed.success)
      throw new OciRegistryError(
        "oci_bad_response",
        ref.registry,
        `The token service of ${ref.registry} answered HTTP ${response.status} without a token.`,
      );
    return `Bearer ${parsed.data.token ?? parsed.data.access_token}`;
  }

  // The Authorization header the registry's challenge asks for; thrown when none can be made.
  async function authorize(ref: OciReference, challenge: string | null): Promise<string> {
    const parsed = parseWwwAuthenticate(challenge);
    if (parsed?.scheme === "bearer") return bearerToken(ref, parsed.params);
    const credential = await deps.credential(ref.registry);
    if (parsed?.scheme === "basic" && credential) return basic(credential);
    throw new OciRegistryError(
      "oci_unauthorized",
      ref.registry,
      `${ref.registry} needs credentials and helm's registry config has none for it.`,
    );
  }

  async function failure(ref: OciReference, response: Response, authorized: boolean) {
    const detail = await registryErrors(response);
    if (response.status === 401)
      return new OciRegistryError(
        "oci_unauthorized",
        ref.registry,
        authorized
          ? `${ref.registry} refused the credentials in helm's registry config for ${ref.repository}.`
          : `${ref.registry} needs credentials for ${ref.repository}.`,
        detail,
      );
    if (response.status === 403)
      return new OciRegistryError(
        "oci_forbidden",
        ref.registry,
        `${ref.registry} does not let these credentials read ${ref.repository}.`,
        detail,
      );
    if (response.status === 404)
      return new OciRegistryError(
        "oci_chart_not_found",
        ref.registry,
        `${ref.registry} has no repository ${ref.repository}.`,
        detail,
      );
    return new OciRegistryError(
      "oci_bad_response",
      ref.registry,
      `${ref.registry} answered HTTP ${response.status} for the tags of ${ref.repository}.`,
      detail,
    );
  }

  return async function listOciTags(ref: OciReference): Promise<string[]> {
    const base = `https://${ref.registry}`;
    let url = `${base}/v2/${ref.repository}/tags/list?n=${deps.pageSize ?? 1000}`;
    let authorization: string | null = null;
    const tags: string[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      let response = await request(ref, url, authorization);
      if (response.status === 401 && authorization === null) {
        authorization = await authorize(ref, response.headers.get("www-authenticate"));
        response = await request(ref, url, authorization);
      }
      if (!response.ok) throw await failure(ref, response, authorization !== null);
      const parsed = tagsSchema.safeParse(await response.json());
      if (!parsed.success)
        throw new OciRegistryError(
          "oci_bad_response",
          ref.registry,
          `${ref.registry} sent a tags list Wheelhouse cannot read.`,
        );
      tags.push(...(parsed.data.tags ?? []));
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get("link") ?? "")?.[1];
      if (next === undefined) return tags;
      const nextUrl = new URL(next, base);
      // The credentials go only where they were asked for: no page from another origin.
      if (nextUrl.origin !== new URL(base).origin) return tags;
      url = nextUrl.toString();
    }
    return tags;
  };
}
