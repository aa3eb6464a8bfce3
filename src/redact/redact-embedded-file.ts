// A config file carried in a string (a ConfigMap's app.ini, a values key holding a YAML or
// .env file, a Secret template) scanned line by line with the same key rules as structured
// values: ini `key = value` under its [section], `.env` and `export KEY=value`, properties,
// nested YAML followed through its indentation (block scalars included), JSON by its keys, a
// YAML Secret by its data. The file keeps its layout; only secret values change. Pure.
import { redactJsonText } from "./redact-json-text.ts";
import { redactSecretShapes } from "./redact-secret-shapes.ts";
import { redactText } from "./redact-text.ts";
import { REDACTED } from "./redacted.ts";
import { judgeKeyPath, splitKeyPath } from "./sensitive-key.ts";
import { isInertValue, looksRandom } from "./sensitive-value.ts";

const LINE =
  /^(\s*)(-\s+)?(export\s+)?(["']?)([^\s"'=:#;[\]{}][^"'=:]*?)\4[ \t]*(=>|:=|=|:(?=\s|$))[ \t]*(.*)$/;
const SECTION = /^\s*\[\[?([^\]\s][^\]]*)\]\]?\s*$/;
const COMMENT = /^\s*(?:#|;|\/\/)/;
const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(?:#.*)?$/;
// "requirepass hunter2", "masterauth s3cret": redis.conf and friends have no separator.
const DIRECTIVE = /^(\s*)([A-Za-z_][\w.-]*)([ \t]+)("[^"]*"|'[^']*'|[^\s"';]+)(;?\s*)$/;
const JSON_START = /^\s*(?:\{(?!\{)|\[\s*[[{"\d-])/;
const SECRET_KIND = /^kind:\s*["']?Secret["']?\s*$/m;

interface Parent {
  indent: number;
  keys: string[];
}

interface Scalar {
  start: number;
  quote: string;
  inner: string;
  rest: string;
}

function scalarAt(line: string, start: number, jsonish: boolean): Scalar {
  const raw = line.slice(start);
  const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : "";
  if (quote !== "") {
    const close = raw.indexOf(quote, 1);
    const end = close < 0 ? raw.length : close;
    return { start, quote, inner: raw.slice(1, end), rest: raw.slice(end + 1) };
  }
  const comment = raw.search(/\s#/);
  let inner = comment < 0 ? raw : raw.slice(0, comment);
  if (jsonish) inner = inner.replace(/,\s*$/, "");
  return { start, quote, inner: inner.trimEnd(), rest: jsonish && /,\s*$/.test(raw) ? "," : "" };
}

function hidden(value: string, path: string[], secretValue: boolean): boolean {
  if (isInertValue(value)) return false;
  if (secretValue) return true;
  const verdict = judgeKeyPath(path);
  return verdict.sensitive || (verdict.credentialish && looksRandom(value));
}

function scanDocument(doc: string, basePath: readonly string[]): string {
  const secretDoc = SECRET_KIND.test(doc);
  const stack: Parent[] = [];
  let section: string[] = [];
  let block: number | null = null;
  const secretNames = new Map<number, boolean>();
  const out: string[] = [];
  for (const line of doc.split("\n")) {
    const indent = /^\s*/.exec(line)?.[0].length ?? 0;
    if (block !== null && (line.trim() === "" || indent > block)) continue;
    block = null;
    const section_ = SECTION.exec(line);
    if (section_) {
      section = splitKeyPath(section_[1] ?? "");
      stack.length = 0;
      out.push(line);
      continue;
    }
    const m = COMMENT.test(line) ? null : LINE.exec(line);
    if (!m) {
      out.push(redactDirective(line, [...basePath, ...section]));
      continue;
    }
    const col = (m[1]?.length ?? 0) + (m[2]?.length ?? 0);
    while ((stack.at(-1)?.indent ?? -1) >= col) stack.pop();
    const key = m[5] ?? "";
    const keys = splitKeyPath(key.replace(/^-+/, ""));
    const inSecretData = secretDoc && ["data", "stringData"].includes(stack[0]?.keys[0] ?? "");
    const path = [...basePath, ...section, ...stack.flatMap((p) => p.keys), ...keys];
    const value = m[7] ?? "";
    const valueStart = line.length - value.length;
    if (value === "" || value === "{" || value === "[") {
      stack.push({ indent: col, keys });
      out.push(line);
      continue;
    }
    const secretValue = inSecretData || (key === "value" && secretNames.get(col) === true);
    if (BLOCK_SCALAR.test(value)) {
      if (hidden("x", path, secretValue)) {
        out.push(line, `${" ".repeat(col + 2)}${REDACTED}`);
        block = col;
      } else {
        stack.push({ indent: col, keys });
        out.push(line);
      }
      continue;
    }
    const scalar = scalarAt(line, valueStart, m[4] === '"');
    if (key === "name" || key === "key") {
      secretNames.set(col, judgeKeyPath(splitKeyPath(scalar.inner)).sensitive);
    }
    if (hidden(scalar.inner, path, secretValue)) {
      out.push(
        `${line.slice(0, valueStart)}${scalar.quote}${REDACTED}${scalar.quote}${scalar.rest}`,
      );
    } else out.push(redactText(line));
  }
  return out.join("\n");
}

function redactDirective(line: string, path: string[]): string {
  const d = DIRECTIVE.exec(line);
  const value = d?.[4]?.replace(/^["']|["']$/g, "") ?? "";
  if (d && judgeKeyPath([...path, d[2] ?? ""]).sensitive && !isInertValue(value)) {
    return `${d[1]}${d[2]}${d[3]}${REDACTED}${d[5]}`;
  }
  return redactText(line);
}

export function redactEmbeddedFile(text: string, path: readonly string[] = []): string {
  const shaped = redactSecretShapes(text);
  if (JSON_START.test(shaped)) return redactText(redactJsonText(shaped, path));
  return shaped
    .split(/^(?=---)/m)
    .map((doc) => scanDocument(doc, path))
    .join("");
}
