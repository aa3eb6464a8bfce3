// Structured data on its way out (helm values, Kubernetes objects, JSON): a value is hidden
// when its key path names a credential, when it has a secret's shape, when a Secret holds it
// (wherever the Secret is embedded), or when a {name, value} pair names it (env entries,
// headers, helm parameters). Strings are searched as free text and as embedded files; lists of
// strings are read as arguments. Booleans, null and "" stay visible. Pure.
import { redactArgs } from "./redact-args.ts";
import { redactEmbeddedFile } from "./redact-embedded-file.ts";
import { redactText } from "./redact-text.ts";
import { REDACTED } from "./redacted.ts";
import { isSensitiveKeyPath, judgeKeyPath, splitKeyPath } from "./sensitive-key.ts";
import { decodeBase64, isInertValue, looksRandom } from "./sensitive-value.ts";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
// A private key is hidden whole, with whatever came with it (a certificate chain, notes).
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/;
const EMBEDDED_SECRET = /"kind"\s*:\s*"Secret"|^kind:\s*Secret\s*$/m;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Every leaf of a Secret's data: its keys stay, so people see what the Secret holds.
function hideAll(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideAll);
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hideAll(v)]));
  if (value === null || value === undefined || typeof value === "boolean" || value === "")
    return value;
  return REDACTED;
}

// JSON that holds a Secret is parsed and redacted as data; JSON that does not parse, in the
// annotation kubectl keeps a whole object in, is hidden.
function redactJsonString(text: string, path: readonly string[]): string {
  try {
    const parsed: unknown = JSON.parse(text);
    return JSON.stringify(redactValues(parsed, path)) + (text.endsWith("\n") ? "\n" : "");
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return path.at(-1) === LAST_APPLIED ? REDACTED : redactEmbeddedFile(text, path);
  }
}

// A file of settings under a sensitive key (a `credentials: |` CasC script, a cloud credentials
// ini) keeps its layout and its metadata lines; its values stay hidden by the key above them.
// Anything else under such a key (one secret per line, htpasswd entries) is hidden whole.
const SETTING_LINE =
  /^\s*(?:[#;]|\[[^\]]+\]\s*$|(?:-\s+)?["']?[\w.-]+["']?\s*(?:[:=](?:\s|$)|=)|[-{}[\]]\s*$|-\s+\S)/;

function isConfigFile(value: string): boolean {
  const lines = value.split("\n").filter((l) => l.trim() !== "");
  return lines.length >= 2 && lines.every((l) => SETTING_LINE.test(l));
}

function redactString(value: string, path: readonly string[]): string {
  if (isInertValue(value)) return value;
  if (PRIVATE_KEY.test(value)) return REDACTED;
  const verdict = judgeKeyPath(path);
  if (verdict.sensitive) return isConfigFile(value) ? redactEmbeddedFile(value, path) : REDACTED;
  if (verdict.credentialish && looksRandom(value)) return REDACTED;
  const json = /^\s*[{[]/.test(value);
  if (json && (path.at(-1) === LAST_APPLIED || EMBEDDED_SECRET.test(value))) {
    return redactJsonString(value, path);
  }
  if (json || value.includes("\n")) return redactEmbeddedFile(value, path);
  if (hidesInBase64(value, path)) return REDACTED;
  return redactText(value);
}

// A value kept as base64 (an annotation, a values key holding a file) is read decoded: if the
// text inside holds a secret, the whole value goes.
const BASE64 = /^(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function hidesInBase64(value: string, path: readonly string[]): boolean {
  if (!BASE64.test(value)) return false;
  const decoded = decodeBase64(value);
  if (decoded === null || !/^[\t\n\r\x20-\x7e]+$/.test(decoded)) return false;
  return redactEmbeddedFile(decoded, path) !== decoded;
}

// A ConfigMap's binaryData is base64 of a file: hidden when the file would lose anything.
function redactBinary(value: unknown, path: readonly string[]): unknown {
  if (typeof value !== "string") return redactValues(value, path);
  if (isSensitiveKeyPath(path)) return REDACTED;
  const file = decodeBase64(value);
  if (file === null || !/^[\t\n\r\x20-\x7e]*$/.test(file)) return value;
  return redactEmbeddedFile(file, path) === file ? value : REDACTED;
}

// {name: DB_PASSWORD, value: …}, {name: auth.password, value: …}, {name: Authorization, value: …}.
function namesSecret(record: Record<string, unknown>): boolean {
  const name = typeof record.name === "string" ? record.name : record.key;
  return typeof name === "string" && "value" in record && isSensitiveKeyPath(splitKeyPath(name));
}

function redactRecord(record: Record<string, unknown>, path: readonly string[]): unknown {
  const secret = record.kind === "Secret";
  const configMap = record.kind === "ConfigMap";
  const pair = namesSecret(record);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (secret && (key === "data" || key === "stringData")) out[key] = hideAll(value);
    else if (pair && key === "value") out[key] = hideAll(value);
    else if (configMap && key === "binaryData" && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, redactBinary(v, [...path, key, k])]),
      );
    } else out[key] = redactValues(value, [...path, key]);
  }
  return out;
}

export function redactValues(value: unknown, path: readonly string[] = []): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item, i) => redactValues(item, [...path, String(i)]));
    return items.every((item) => typeof item === "string") ? redactArgs(items) : items;
  }
  if (isRecord(value)) return redactRecord(value, path);
  if (typeof value === "string") return redactString(value, path);
  if (typeof value === "number" || typeof value === "bigint") {
    return isSensitiveKeyPath(path) ? REDACTED : value;
  }
  return value;
}
