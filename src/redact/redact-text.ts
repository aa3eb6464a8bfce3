// Free text (container logs, events, helm output, NOTES.txt, errors, and at egress every string
// the bot sends or writes) with credentials replaced by REDACTED: shapes anywhere (keys, tokens,
// URLs with passwords), headers, JSON pairs, `KEY=value`, `password: value`, `--token value`.
// A secret is hidden whole, never in part; REDACTED is left as it is, so running this twice
// changes nothing and ordinary plan text passes unchanged. Pure.
import { keyVerdict } from "./key-verdict.ts";
import { redactAssignments, redactLabelledLines } from "./redact-assignments.ts";
import { redactFlagValues } from "./redact-flag-values.ts";
import { redactJsonText } from "./redact-json-text.ts";
import { redactSecretShapes } from "./redact-secret-shapes.ts";
import { REDACTED } from "./redacted.ts";
import { scanConfigLines } from "./scan-config-lines.ts";
import { isInertValue, looksRandom } from "./sensitive-value.ts";

// Authorization, Proxy-Authorization and Cookie headers: the value runs to the end of the line
// (or its quote): "Basic dXNlcjpwYXNz", "Digest username=…, response=…", "a=1; b=2".
const HEADER =
  /\b((?:proxy-)?authorization|(?:set-)?cookie)(["']?[ \t]*[:=][ \t]*["']?|[ \t]+["']|[ \t]+(?=(?:bearer|basic|token|digest|negotiate|ntlm)\b))([^\r\n"'`]*)/gi;
const SCHEME = /^(?:bearer|basic|token|digest|negotiate|ntlm|apikey|sharedaccesssignature)\b/i;
const PROSE = /^[a-z][a-z']*(?:[ \t]+[a-z][a-z',.]*){1,}[.!]?$/;
// "Bearer <token>" wherever it stands.
const BEARER = /\b(bearer)([ \t]+)(?!REDACTED)([A-Za-z0-9._~+/-]{8,}=*)/gi;
// "Using API key 'Zq81…'", "token 3f9a…": a random-looking word right after a credential word.
const RANDOM_AFTER_WORD =
  /\b(api[ _-]?key|key|token|password|passphrase|passwd|pwd|credential|secret[ _-]key|access[ _-]key)(\s*["'(]|\s+)([A-Za-z0-9+/=_.~-]{16,})/gi;
// SQL: "WITH PASSWORD 'x'", "IDENTIFIED BY 'x'"; SMTP and IMAP: "AUTH PLAIN <base64>".
const SQL_PASSWORD =
  /\b(password|identified\s+(?:with\s+\w+\s+)?by)(\s+)'((?:[^'\\\n]|\\.|'')+)'/gi;
const MAIL_AUTH =
  /\b(AUTH(?:ENTICATE)?\s+(?:PLAIN|LOGIN|CRAM-MD5|XOAUTH2)\s+)([A-Za-z0-9+/=]{8,})/g;
// <password>hunter2</password>; <add key="DbPassword" value="…"/>.
const XML_ELEMENT = /<([A-Za-z][\w.:-]*)((?:\s[^<>]*)?)>([^<>\n]+)<\/\1>/g;
const XML_KEY_VALUE =
  /\b((?:key|name)\s*=\s*)(["'])([^"'\n]{1,80})\2(\s+value\s*=\s*)(["'])([^"'\n]*)\5/gi;

function redactHeaders(text: string): string {
  return text.replace(HEADER, (whole, name: string, sep: string, value: string) => {
    const v = value.trimEnd();
    if (v === "" || isInertValue(v) || v.startsWith(REDACTED)) return whole;
    if (!SCHEME.test(v) && PROSE.test(v)) return whole;
    return `${name}${sep}${REDACTED}${value.slice(v.length)}`;
  });
}

function tokenish(token: string): boolean {
  return /\d/.test(token) || token.length >= 20 || /[._~+/-]/.test(token);
}

function redactXml(text: string): string {
  return text
    .replace(XML_ELEMENT, (whole, tag: string, attrs: string, body: string) =>
      keyVerdict(tag) === "secret" && !isInertValue(body)
        ? `<${tag}${attrs}>${REDACTED}</${tag}>`
        : whole,
    )
    .replace(
      XML_KEY_VALUE,
      (whole, lead: string, q: string, key: string, mid: string, q2: string, value: string) =>
        keyVerdict(key) === "secret" && !isInertValue(value)
          ? `${lead}${q}${key}${q}${mid}${q2}${REDACTED}${q2}`
          : whole,
    );
}

const NESTED = { basePath: [], fallback: (line: string) => line, ownKeys: false };

export function redactText(text: string): string {
  if (text.length < 4) return text;
  let out = redactSecretShapes(text);
  if (/authorization|cookie/i.test(out)) out = redactHeaders(out);
  if (/bearer/i.test(out)) {
    out = out.replace(BEARER, (whole, word: string, space: string, token: string) =>
      tokenish(token) ? `${word}${space}${REDACTED}` : whole,
    );
  }
  out = redactJsonText(out);
  // A config dump printed in a log: values secret because of the keys above them.
  if (out.includes("\n")) out = scanConfigLines(out, NESTED);
  if (/password|identified/i.test(out)) {
    out = out.replace(SQL_PASSWORD, (whole, word: string, space: string, value: string) =>
      isInertValue(value) ? whole : `${word}${space}'${REDACTED}'`,
    );
  }
  out = out.replace(RANDOM_AFTER_WORD, (whole, word: string, gap: string, value: string) =>
    looksRandom(value) && !value.startsWith(REDACTED) ? `${word}${gap}${REDACTED}` : whole,
  );
  if (out.includes("AUTH")) out = out.replace(MAIL_AUTH, `$1${REDACTED}`);
  if (out.includes("</")) out = redactXml(out);
  out = redactLabelledLines(redactAssignments(out));
  if (out.includes("-")) out = redactFlagValues(out);
  return out;
}
