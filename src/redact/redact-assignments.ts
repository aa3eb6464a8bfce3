// "key=value", "key: value", "--key value" in free text, judged by the key rules: a value whose
// key names a credential is replaced whole by REDACTED, the key stays so people see what was
// hidden. Pure.
import { keyVerdict } from "./key-verdict.ts";
import { REDACTED } from "./redacted.ts";
import { isInertValue, looksRandom } from "./sensitive-value.ts";

const ASSIGN =
  /(?<![\w.\-/[\]@$])(--?)?([A-Za-z_][\w.\-/[\]@$]{0,100})(\\?["']?)([ \t]*(?:=>|:=|=|:)(?![=:/])[ \t]*)/g;
// Words that answer "password:" in messages without being one: "token: expired".
const STATUS_WORDS = new Set(
  `required invalid missing expired empty unset set not none null n/a na hidden masked redacted
  unknown ok error failed denied forbidden unauthorized changed updated created deleted rotated
  configured present absent provided generated ignored optional default disabled enabled`.split(
    /\s+/,
  ),
);
// Three or more plain lowercase words read as a sentence, not as a secret.
const PROSE = /^[a-z][a-z']*(?:[ \t]+[a-z][a-z',.]*){2,}[.!]?$/;

function quotedEnd(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") i++;
    else if (ch === quote) return i;
    else if (ch === "\n") return i - 1;
  }
  return text.length - 1;
}

interface Value {
  start: number;
  end: number;
  text: string;
}

// Where the value runs: a quoted string; the rest of the line after "key:" at a line's start
// (YAML, headers, .env); else one token.
function valueAt(text: string, start: number, lineStart: boolean, colon: boolean): Value | null {
  const first = text[start];
  if (first === undefined || "\n\r{[".includes(first)) return null;
  if (first === "\\" && text[start + 1] === '"') {
    const close = text.indexOf('\\"', start + 2);
    const end = close < 0 ? text.length : close;
    return { start: start + 2, end, text: text.slice(start + 2, end) };
  }
  const triple = text.startsWith('"""', start) || text.startsWith("'''", start);
  if (triple) {
    const close = text.indexOf(text.slice(start, start + 3), start + 3);
    const end = close < 0 ? text.length : close;
    return { start: start + 3, end, text: text.slice(start + 3, end) };
  }
  if (first === '"' || first === "'") {
    const end = quotedEnd(text, start, first);
    return { start: start + 1, end, text: text.slice(start + 1, end) };
  }
  let end = start;
  if (lineStart && colon) {
    while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
    while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  } else {
    while (end < text.length && !/[\s,;&"'<>)\]}|`]/.test(text[end] ?? "")) end++;
  }
  return end > start ? { start, end, text: text.slice(start, end) } : null;
}

function isLineStart(text: string, index: number): boolean {
  const lineBegin = text.lastIndexOf("\n", index - 1) + 1;
  return /^[ \t]*(?:-[ \t]+|#[ \t]*|\/\/[ \t]*|export[ \t]+)?$/.test(text.slice(lineBegin, index));
}

// "Admin password: x", "Unseal Key 1: x", "The password right now is: x": a label of a few
// words at the start of a line (NOTES.txt, CLI output), its value the rest of the line.
const LABELLED_LINE =
  /^([ \t]*)((?:[A-Za-z][\w'-]*[ \t]+){1,5}[A-Za-z][\w'-]*)(?:[ \t]+\d+)?([ \t]*:[ \t]+)(\S[^\n]*?)[ \t]*$/gm;
const PROSE_VALUE = /^[a-z]+(?:[ \t]+[a-z]+)+[.!]?$/;

export function redactLabelledLines(text: string): string {
  return text.replace(
    LABELLED_LINE,
    (whole, _indent: string, label: string, _sep: string, value: string) => {
      if (keyVerdict(label.replace(/\s+/g, "_")) !== "secret") return whole;
      const structured = value.startsWith("{") || value.startsWith("[");
      if (
        structured ||
        isInertValue(value) ||
        PROSE_VALUE.test(value) ||
        STATUS_WORDS.has(value.toLowerCase())
      ) {
        return whole;
      }
      return `${whole.slice(0, whole.lastIndexOf(value))}${REDACTED}`;
    },
  );
}

interface Around {
  verdict: string;
  colon: boolean;
  // "file.yaml:8:", "host:5432": a colon with nothing around it.
  tight: boolean;
  quotedKey: boolean;
  // The rest of the line after the value.
  rest: string;
}

function hides(value: Value, at: Around): boolean {
  const v = value.text;
  if (isInertValue(v)) return false;
  if (at.verdict === "credentialish") return looksRandom(v);
  if (!at.colon) return true;
  if (STATUS_WORDS.has(v.toLowerCase()) || PROSE.test(v)) return false;
  if (at.tight && /^\d+:?$/.test(v)) return false;
  // "invalid token: signature mismatch": a lowercase word that a sentence goes on from.
  const lower = /^[a-z]+$/.test(v);
  if (lower && /^[ \t]+[a-z]+(?:[ \t]+[a-z]+)*[.!]?[ \t]*$/.test(at.rest)) return false;
  // '"secret-vol" : secret "db" not found' (an event) is not JSON: a JSON value is quoted.
  if (at.quotedKey && lower) return false;
  return true;
}

export function redactAssignments(text: string): string {
  let out = "";
  let copied = 0;
  ASSIGN.lastIndex = 0;
  for (let m = ASSIGN.exec(text); m !== null; m = ASSIGN.exec(text)) {
    const key = m[2] ?? "";
    const verdict = keyVerdict(key);
    if (verdict === "plain") continue;
    const colon = (m[4] ?? "").trim() === ":";
    const keyStart = m.index + (m[1]?.length ?? 0);
    const value = valueAt(text, m.index + m[0].length, isLineStart(text, m.index), colon);
    if (value === null) continue;
    const quotedKey = m[3] !== "" && /["']/.test(text[keyStart - 1] ?? "");
    const lineEnd = text.indexOf("\n", value.end);
    const rest = text.slice(value.end, lineEnd < 0 ? text.length : lineEnd);
    const tight = !/\s/.test(m[4] ?? "");
    if (hides(value, { verdict, colon, tight, quotedKey, rest })) {
      out += text.slice(copied, value.start) + REDACTED;
      copied = value.end;
    }
    ASSIGN.lastIndex = Math.max(ASSIGN.lastIndex, value.end);
  }
  return out + text.slice(copied);
}
