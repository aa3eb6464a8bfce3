// What a value says about itself: inert (empty, a flag, a reference to a secret kept elsewhere,
// already hidden), random-looking, or a URL that carries a credential. Pure.
import { REDACTED } from "./redacted.ts";
import { isSensitiveKey } from "./sensitive-key.ts";

// References and placeholders name where a secret lives; showing them helps and leaks nothing:
// "${DB_PASSWORD}", "$(TOKEN)", "$(cat /run/secrets/x)", "{{ .Values.x }}",
// "vault:secret/db#password", "<your-token>".
const REFERENCE = new RegExp(
  [
    String.raw`^\$\{[A-Za-z_][\w.:-]*\}$`,
    String.raw`^\$[({]`,
    String.raw`^\$\([A-Za-z_][\w.-]*\)$`,
    String.raw`^\$[A-Z_][A-Z0-9_]*$`,
    String.raw`^\$[a-z][\w-]*(?:\.[\w-]+)+$`,
    String.raw`^\{\{[^{}]*\}\}$`,
    String.raw`^(?:vault|ref\+[a-z0-9]+|secretref|awssm|gcpsm|azkv):[\w/#.:+-]+$`,
    String.raw`^arn:aws[\w-]*:(?:secretsmanager|ssm|kms):[\w:/+=,.@-]+$`,
    String.raw`^projects/[\w-]+/secrets/[\w/.-]+$`,
    String.raw`^<[\w .-]{1,40}>$`,
    // kubectl describe: "<set to the key 'password' in secret 'db'>".
    "^<set to the key '",
    String.raw`^(?:\*{3,}|•{3,})$`,
  ].join("|"),
);
const FLAG = /^(?:true|false|yes|no|on|off|null|none|nil|~|undefined)$/i;

export function isInertValue(value: string): boolean {
  const text = value.trim();
  return text === "" || text.startsWith(REDACTED) || FLAG.test(text) || REFERENCE.test(text);
}

function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

// Keys, license strings, HMAC secrets: long, no spaces, mixed characters, high entropy. Words,
// host names and versions are not ("node.kubernetes.io/not-ready", "1.2.3").
export function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value) || isInertValue(value)) return false;
  const digits = /\d/.test(value);
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  if (!digits && !(mixedCase && value.length >= 20)) return false;
  if (!/[A-Za-z]/.test(value)) return false;
  return entropy(value) >= 3.2;
}

const WEBHOOK_URL = new RegExp(
  [
    String.raw`^https?://hooks\.slack\.com/(?:services|workflows|triggers)/`,
    String.raw`^https?://(?:[\w-]+\.)?discord(?:app)?\.com/api/webhooks/`,
    String.raw`^https?://[\w.-]*\.webhook\.office\.com/`,
    String.raw`^https?://outlook\.office(?:365)?\.com/webhook/`,
    String.raw`^https?://hooks\.zapier\.com/hooks/catch/`,
    String.raw`^https?://api\.telegram\.org/bot\d+:`,
    String.raw`^https?://events\.pagerduty\.com/integration/[a-f0-9]{20,}`,
    String.raw`^https?://maker\.ifttt\.com/trigger/.+/key/`,
    String.raw`^https?://[^/\s]+/hooks/[A-Za-z0-9]{16,}`,
  ].join("|"),
  "i",
);
// Query parameters that carry credentials although their names are not key words.
const CREDENTIAL_PARAMS = new Set(["sig", "signature", "key", "hmac", "code_verifier"]);

function userinfoIsSecret(userinfo: string): boolean {
  const colon = userinfo.indexOf(":");
  if (colon < 0) return looksRandom(userinfo) || /^(?:gh[pousr]_|glpat-|xox)/.test(userinfo);
  const password = decodeURIComponentSafe(userinfo.slice(colon + 1));
  return password !== "" && !isInertValue(password);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    if (error instanceof URIError) return text;
    throw error;
  }
}

function paramIsSecret(pair: string): boolean {
  const eq = pair.indexOf("=");
  if (eq <= 0) return false;
  const name = decodeURIComponentSafe(pair.slice(0, eq));
  const value = decodeURIComponentSafe(pair.slice(eq + 1));
  if (value === "" || isInertValue(value)) return false;
  return (
    CREDENTIAL_PARAMS.has(name.toLowerCase()) ||
    /^x-(amz|goog)-(signature|credential|security-token)$/i.test(name) ||
    isSensitiveKey(name)
  );
}

// "postgres://app:pw@db/app", "redis://:pw@cache", Slack/Discord/Teams webhooks, "?token=…".
export function isSecretUrl(url: string): boolean {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)@/i.exec(url);
  if (authority?.[1] !== undefined && userinfoIsSecret(authority[1])) return true;
  if (WEBHOOK_URL.test(url)) return true;
  const query = url.replace(/^[^?#;]*/, "");
  return query.split(/[?&#;]/).some(paramIsSecret);
}

// Base64 as a binary string, or null when it is not base64 (atob: no Buffer in the core).
export function decodeBase64(text: string): string | null {
  const body = text.replace(/\s+/g, "").replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(body)) return null;
  return atob(body.slice(0, body.length - (body.length % 4)));
}
