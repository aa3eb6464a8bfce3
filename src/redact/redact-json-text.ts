// JSON inside text (a JSON log line, a settings.json in a ConfigMap, kubectl's
// last-applied-configuration) redacted by key path without parsing it: a scanner follows the
// keys through braces, so `{"auth":{"password":{"value":"x"}}}` and `{"name":"DB_PASSWORD",
// "value":"x"}` lose "x", and a truncated or invalid line still gets the same treatment.
// The text keeps its exact layout. Pure.
import { REDACTED } from "./redacted.ts";
import { judgeKeyPath } from "./sensitive-key.ts";
import { isInertValue, looksRandom } from "./sensitive-value.ts";

interface Frame {
  key: string | null;
  array: boolean;
  // {"name": "DB_PASSWORD", "value": …}: the object's "value" is a secret.
  secretValue: boolean;
}

// The end of the JSON string that starts at `start` (a quote), or -1 if the line ends first.
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") i++;
    else if (ch === '"') return i;
    else if (ch === "\n") return -1;
  }
  return -1;
}

function unescapeJson(raw: string): string {
  try {
    const parsed: unknown = JSON.parse(`"${raw}"`);
    return typeof parsed === "string" ? parsed : raw;
  } catch (error) {
    if (error instanceof SyntaxError) return raw;
    throw error;
  }
}

function hidesValue(path: string[], value: string, frame: Frame | undefined, key: string | null) {
  if (isInertValue(value)) return false;
  if (key === "value" && frame?.secretValue) return true;
  const verdict = judgeKeyPath(path);
  return verdict.sensitive || (verdict.credentialish && looksRandom(value));
}

export function redactJsonText(text: string, basePath: readonly string[] = []): string {
  if (!/"\s*:/.test(text)) return text;
  const stack: Frame[] = [];
  let pendingKey: string | null = null;
  let out = "";
  let copied = 0;
  const pathTo = (key: string | null) => [
    ...basePath,
    ...stack.flatMap((f) => (f.key === null ? [] : [f.key])),
    ...(key === null ? [] : [key]),
  ];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "{" || ch === "[") {
      stack.push({ key: pendingKey, array: ch === "[", secretValue: false });
      if (stack.length > 64) stack.shift();
      pendingKey = null;
    } else if (ch === "}" || ch === "]") {
      stack.pop();
      pendingKey = null;
    } else if (ch === '"') {
      const end = stringEnd(text, i);
      if (end < 0) continue;
      const raw = text.slice(i + 1, end);
      const isKey = /^\s*:/.test(text.slice(end + 1, end + 16));
      const frame = stack.at(-1);
      if (isKey) pendingKey = unescapeJson(raw);
      else {
        const value = unescapeJson(raw);
        if ((pendingKey === "name" || pendingKey === "key") && frame) {
          frame.secretValue = judgeKeyPath(value.split(".")).sensitive;
        }
        const named = pendingKey !== null || frame?.array === true;
        if (named && hidesValue(pathTo(pendingKey), value, frame, pendingKey)) {
          out += `${text.slice(copied, i + 1)}${REDACTED}`;
          copied = end;
        }
        pendingKey = null;
      }
      i = end;
    } else if (pendingKey !== null && /[-\d]/.test(ch ?? "")) {
      const number = /^-?\d[\d.eE+-]*/.exec(text.slice(i, i + 40))?.[0] ?? "";
      if (judgeKeyPath(pathTo(pendingKey)).sensitive) {
        out += `${text.slice(copied, i)}${REDACTED}`;
        copied = i + number.length;
      }
      i += Math.max(number.length - 1, 0);
      pendingKey = null;
    } else if (ch !== ":" && !/\s/.test(ch ?? "")) pendingKey = null;
  }
  return out + text.slice(copied);
}
