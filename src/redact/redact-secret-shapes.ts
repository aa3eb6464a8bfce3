// Secrets recognisable by their shape wherever they stand, whatever names them: private-key
// PEM blocks (and their base64), URLs with credentials, and the token formats of the services
// charts talk to. Each is replaced whole by REDACTED. Pure.
import { REDACTED } from "./redacted.ts";
import { isSecretUrl } from "./sensitive-value.ts";

const TOKEN = new RegExp(
  [
    String.raw`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`,
    String.raw`\bAIza[\w-]{35}`,
    String.raw`\bxox[abposrce]-[\w-]{10,}`,
    String.raw`\bxapp-[\w-]{10,}`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{30,}`,
    String.raw`\bgithub_pat_\w{30,}`,
    String.raw`\bgl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat|agent)-[\w-]{15,}`,
    String.raw`\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}`,
    String.raw`\bwhsec_[0-9A-Za-z]{20,}`,
    String.raw`\bsk-(?:proj-|svcacct-|admin-|ant-[a-z]+\d\d-)?[\w-]{20,}`,
    String.raw`\bSG\.[\w-]{16,}\.[\w-]{16,}`,
    String.raw`\bnpm_[A-Za-z0-9]{30,}`,
    String.raw`\bhv[sbr]\.[\w-]{20,}`,
    String.raw`\bpypi-[\w-]{50,}`,
    String.raw`\bdckr_pat_[\w-]{20,}`,
    String.raw`\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}`,
    String.raw`\bdo[opr]_v1_[a-f0-9]{64}`,
    String.raw`\bhf_[A-Za-z0-9]{30,}`,
    String.raw`\bGOCSPX-[\w-]{20,}`,
    String.raw`\bya29\.[\w-]{20,}`,
    String.raw`\bAGE-SECRET-KEY-1[0-9A-Z]{50,}`,
    String.raw`\bNRAK-[A-Z0-9]{20,}`,
    String.raw`\bglsa_[A-Za-z0-9]{20,}_[A-Fa-f0-9]{8}`,
    String.raw`\bsntry[su]_[\w+/=-]{30,}`,
    String.raw`\bATATT3[\w=-]{30,}`,
    String.raw`\bkey-[0-9a-f]{32}\b`,
    String.raw`\b\d{8,10}:AA[\w-]{33}`,
    String.raw`\beyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]*`,
    String.raw`\$2[aby]?\$\d\d\$[./A-Za-z0-9]{53}`,
    String.raw`\$argon2(?:id|i|d)\$[^\s"'\\]+`,
    String.raw`\bMII[A-Za-z0-9+/]{1,3}(?:IBAAKC|IBADAN)[A-Za-z0-9+/=]{20,}`,
  ].join("|"),
  "g",
);
// "sk-" also starts ordinary kebab-case names: a key has digits and mixed case.
const LOOSE_PREFIX = /^sk-/;

const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`\\]+/gi;
const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{1,40})-----/;
// Base64 of "-----BEGIN ", with the wrapped lines that continue it.
const BASE64_PEM =
  /\bLS0tLS1CRUdJTi[A-Za-z0-9+/]*={0,2}(?:\r?\n[ \t]*[A-Za-z0-9+/]{16,}={0,2}(?=\r?\n|$))*/g;
const BASE64_LINE = /^\s*[A-Za-z0-9+/]{16,}={0,2}\s*$/;

// A block runs to its END line; a block cut short (a truncated log line) hides its own line
// and the base64 lines that follow. Every block goes, certificates included: nobody reads base64
// in a channel, and bundles labelled as certificates carry private keys often enough.
function redactPemBlocks(text: string): string {
  let out = "";
  let rest = text;
  for (let begin = PEM_BEGIN.exec(rest); begin !== null; begin = PEM_BEGIN.exec(rest)) {
    const label = begin[1] ?? "";
    out += rest.slice(0, begin.index);
    const after = rest.slice(begin.index + begin[0].length);
    out += REDACTED;
    const endMarker = `-----END ${label}-----`;
    const end = after.indexOf(endMarker);
    if (end >= 0) {
      rest = after.slice(end + endMarker.length);
      continue;
    }
    const lines = after.split("\n");
    let skip = 1;
    while (skip < lines.length && BASE64_LINE.test(lines[skip] ?? "")) skip++;
    rest = lines.length > skip ? `\n${lines.slice(skip).join("\n")}` : "";
  }
  return out + rest;
}

export function redactSecretShapes(text: string): string {
  let out = text.includes("-----BEGIN ") ? redactPemBlocks(text) : text;
  if (out.includes("LS0tLS1CRUdJTi")) out = out.replace(BASE64_PEM, REDACTED);
  if (out.includes("://")) out = out.replace(URL, (url) => (isSecretUrl(url) ? REDACTED : url));
  return out.replace(TOKEN, (token) =>
    LOOSE_PREFIX.test(token) && !(/\d/.test(token) && /[A-Z]/.test(token)) ? token : REDACTED,
  );
}
