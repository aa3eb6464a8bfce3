// The line scanner behind embedded files and printed config dumps: follows YAML indentation
// (lists and block scalars included), ini/TOML [sections], properties' dotted keys and .env
// exports, and hides each value whose key path is sensitive, whose {name, value} pair names a
// secret, or that lies in a YAML Secret's data. Lines it leaves go to `fallback`. Pure.
import { REDACTED } from "./redacted.ts";
import { judgeKeyPath, splitKeyPath } from "./sensitive-key.ts";
import { isInertValue, looksRandom } from "./sensitive-value.ts";

const LINE =
  /^(\s*)(-\s+)?(export\s+)?(["']?)([^\s"'=:#;[\]{}][^"'=:]*?)\4[ \t]*(=>|:=|=|:(?=\s|$))[ \t]*(.*)$/;
const SECTION = /^\s*\[\[?([^\]\s][^\]]*)\]\]?\s*$/;
const COMMENT = /^\s*(?:#|;|\/\/)/;
const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(?:#.*)?$/;
// "- item" under a key: a scalar in a YAML list.
const LIST_ITEM = /^(\s*-[ \t]+)(["']?)([^\s"'#][^"'#]*?)\2([ \t]*)$/;
// "requirepass hunter2", "masterauth s3cret": redis.conf and friends have no separator.
const DIRECTIVE = /^(\s*)([A-Za-z_][\w.-]*)([ \t]+)("[^"]*"|'[^']*'|[^\s"';]+)(;?\s*)$/;
const SECRET_KIND = /^kind:\s*["']?Secret["']?\s*$/m;

export interface ScanOptions {
  basePath: readonly string[];
  fallback: (line: string) => string;
  // false for printed text: a line's own key is left to the free-text rules (they know prose);
  // only what is secret because of its parents is hidden here.
  ownKeys: boolean;
}

interface Parent {
  indent: number;
  keys: string[];
}

interface Scalar {
  quote: string;
  inner: string;
  rest: string;
}

function scalarAt(raw: string, jsonish: boolean): Scalar {
  // Grafana's ini and Python quote with three: """p@ss"word""".
  const triple = /^("""|''')/.exec(raw)?.[1];
  if (triple !== undefined) {
    const close = raw.indexOf(triple, 3);
    const end = close < 0 ? raw.length : close;
    return { quote: triple, inner: raw.slice(3, end), rest: raw.slice(end + 3) };
  }
  const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : "";
  if (quote !== "") {
    const close = raw.indexOf(quote, 1);
    const end = close < 0 ? raw.length : close;
    return { quote, inner: raw.slice(1, end), rest: raw.slice(end + 1) };
  }
  const comment = raw.search(/\s#/);
  let inner = comment < 0 ? raw : raw.slice(0, comment);
  if (jsonish) inner = inner.replace(/,\s*$/, "");
  return { quote, inner: inner.trimEnd(), rest: jsonish && /,\s*$/.test(raw) ? "," : "" };
}

interface ScanState {
  readonly options: ScanOptions;
  readonly secretDoc: boolean;
  readonly stack: Parent[];
  section: string[];
  // The indent of a hidden block scalar's key: deeper lines are dropped.
  block: number | null;
  // {name: DB_PASSWORD, value: …}: by the column of the "name" key.
  readonly secretNames: Map<number, boolean>;
}

function pathTo(state: ScanState, keys: readonly string[]): string[] {
  const parents = state.stack.flatMap((p) => p.keys);
  return [...state.options.basePath, ...state.section, ...parents, ...keys];
}

// Hidden by its path (its own key only when `ownKeys`), by its pair, or by its Secret.
function hides(state: ScanState, value: string, keys: readonly string[], pairSecret: boolean) {
  if (isInertValue(value)) return false;
  const data = ["data", "stringData"].includes(state.stack[0]?.keys[0] ?? "");
  if (pairSecret || (state.secretDoc && data)) return true;
  if (!state.options.ownKeys && keys.length > 0 && judgeKeyPath(keys).sensitive) return false;
  const verdict = judgeKeyPath(pathTo(state, keys));
  return verdict.sensitive || (verdict.credentialish && looksRandom(value));
}

function keyLine(state: ScanState, line: string, m: RegExpExecArray): string[] {
  const col = (m[1]?.length ?? 0) + (m[2]?.length ?? 0);
  while ((state.stack.at(-1)?.indent ?? -1) >= col) state.stack.pop();
  const key = m[5] ?? "";
  const keys = splitKeyPath(key.replace(/^-+/, ""));
  const value = m[7] ?? "";
  if (value === "" || value === "{" || value === "[") {
    state.stack.push({ indent: col, keys });
    return [line];
  }
  const pairSecret = key === "value" && state.secretNames.get(col) === true;
  if (BLOCK_SCALAR.test(value)) {
    if (hides(state, "x", keys, pairSecret)) {
      state.block = col;
      return [line, `${" ".repeat(col + 2)}${REDACTED}`];
    }
    state.stack.push({ indent: col, keys });
    return [line];
  }
  const scalar = scalarAt(value, m[4] === '"');
  if (key === "name" || key === "key") {
    state.secretNames.set(col, judgeKeyPath(splitKeyPath(scalar.inner)).sensitive);
  }
  if (!hides(state, scalar.inner, keys, pairSecret)) return [state.options.fallback(line)];
  const lead = line.slice(0, line.length - value.length);
  return [`${lead}${scalar.quote}${REDACTED}${scalar.quote}${scalar.rest}`];
}

function listItem(state: ScanState, line: string, indent: number, item: RegExpExecArray): string {
  while ((state.stack.at(-1)?.indent ?? -1) > indent) state.stack.pop();
  if (state.stack.length === 0 || !hides(state, item[3] ?? "", [], false)) {
    return state.options.fallback(line);
  }
  return `${item[1]}${item[2]}${REDACTED}${item[2]}${item[4]}`;
}

function directive(state: ScanState, line: string): string {
  const d = DIRECTIVE.exec(line);
  const value = d?.[4]?.replace(/^["']|["']$/g, "") ?? "";
  if (d && state.options.ownKeys && hides(state, value, [d[2] ?? ""], false)) {
    return `${d[1]}${d[2]}${d[3]}${REDACTED}${d[5]}`;
  }
  return state.options.fallback(line);
}

function scanLine(state: ScanState, line: string): string[] {
  const indent = /^\s*/.exec(line)?.[0].length ?? 0;
  if (state.block !== null && (line.trim() === "" || indent > state.block)) return [];
  state.block = null;
  const section = SECTION.exec(line);
  if (section) {
    state.section = splitKeyPath(section[1] ?? "");
    state.stack.length = 0;
    return [line];
  }
  const m = COMMENT.test(line) ? null : LINE.exec(line);
  if (m) return keyLine(state, line, m);
  const item = LIST_ITEM.exec(line);
  return [item ? listItem(state, line, indent, item) : directive(state, line)];
}

export function scanConfigLines(text: string, options: ScanOptions): string {
  return text
    .split(/^(?=---)/m)
    .map((doc) => {
      const state: ScanState = {
        options,
        secretDoc: SECRET_KIND.test(doc),
        stack: [],
        section: [],
        block: null,
        secretNames: new Map(),
      };
      return doc
        .split("\n")
        .flatMap((line) => scanLine(state, line))
        .join("\n");
    })
    .join("");
}
