// Secrets never reach Slack (or a terminal): values are redacted by key name, and Secret
// objects in manifests keep their keys but lose their data. Pure, applied to every read.
import { parse, stringify } from "yaml";

import { REDACTED } from "./redacted.ts";

export { REDACTED };

// Matched against each key segment: "password", "dbPassword", "api_token", "tls.key", "privateKey"...
const SENSITIVE_KEY =
  /(pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credential|auth[-_]?key|client[-_]?secret|^key$|[-_.]key$|Key$|cert[-_]?key|dsn|connection[-_]?string|sasl|jwt|cookie|salt|webhook[-_]?url)/i;
// Values that look like credentials whatever their key: PEM blocks, JWTs, URLs with passwords.
const SENSITIVE_VALUE =
  /-----BEGIN [A-Z ]*PRIVATE KEY-----|^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.|^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@|^(xox[abpr]|xapp|ghp|glpat|sk_live|AKIA)[-_A-Za-z0-9]{8,}/;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

export function redactValues(value: unknown, key = ""): unknown {
  if (key !== "" && isSensitiveKey(key) && (typeof value !== "object" || value === null)) {
    return value === "" || value === null || typeof value === "boolean" ? value : REDACTED;
  }
  if (Array.isArray(value)) return value.map((v) => redactValues(v, key));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValues(v, k)]));
  }
  if (typeof value === "string" && SENSITIVE_VALUE.test(value)) return REDACTED;
  return value;
}

function redactSecretObject(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  for (const field of ["data", "stringData"]) {
    const data = doc[field];
    if (typeof data === "object" && data !== null) {
      out[field] = Object.fromEntries(Object.keys(data).map((k) => [k, REDACTED]));
    }
  }
  return out;
}

// Multi-document YAML as helm prints it; Secrets lose their data, other objects their
// sensitive-looking values (env vars named *_PASSWORD, for instance).
export function redactManifest(manifest: string): string {
  const parts: string[] = [];
  for (const chunk of manifest.split(/^---[ \t]*$/m)) {
    // helm's "# Source: chart/templates/x.yaml" line tells people where an object comes from.
    const comments = chunk.match(/^#.*$/gm) ?? [];
    const object: unknown = parse(chunk);
    if (typeof object !== "object" || object === null || Array.isArray(object)) continue;
    const record = Object.fromEntries(Object.entries(object));
    const redacted = record.kind === "Secret" ? redactSecretObject(record) : redactEnv(record);
    parts.push([...comments, stringify(redacted).trimEnd()].join("\n"));
  }
  return parts.map((p) => `---\n${p}`).join("\n");
}

// env: [{name: DB_PASSWORD, value: "..."}] is the common way charts leak secrets into pods.
function redactEnv(value: unknown): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== "object" || node === null) return node;
    const record = Object.fromEntries(Object.entries(node));
    if (typeof record.name === "string" && "value" in record && isSensitiveKey(record.name)) {
      return { ...record, value: REDACTED };
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, walk(v)]));
  };
  const result = walk(value);
  return typeof result === "object" && result !== null && !Array.isArray(result)
    ? Object.fromEntries(Object.entries(result))
    : {};
}
