// The natural-language value phrases: feature words after "enable"/"turn on", and
// "<key> to <value>" after "set"/"change". Keys come out as values paths.
import type { SetValue } from "./parse-set-value.ts";
import { parseSetValue } from "./parse-set-value.ts";
import type { Token } from "./tokenize.ts";

export const REPLICA_WORDS = new Set([
  "replicas",
  "replica",
  "replicacount",
  "instances",
  "pods",
  "copies",
]);
const STOPS = new Set([
  "on",
  "for",
  "in",
  "of",
  "at",
  "from",
  "to",
  "with",
  "and",
  "but",
  "please",
  "pls",
]);
const SKIP = new Set([
  "the",
  "a",
  "an",
  "its",
  "it",
  "their",
  "value",
  "key",
  "setting",
  "flag",
  "chart",
  "version",
  "release",
  "helm",
  "values",
]);
function camelJoin(words: readonly string[]): string {
  return words.map((w, i) => (i === 0 ? w : `${w.charAt(0).toUpperCase()}${w.slice(1)}`)).join("");
}

// Natural-language key words: "replicas" -> replicaCount, "image tag" -> image.tag.
export function keyFromWords(words: readonly string[]): string {
  const lower = words.map((w) => w.toLowerCase());
  if (lower.length === 1 && REPLICA_WORDS.has(lower[0] ?? "")) return "replicaCount";
  if (lower.join(" ") === "replica count") return "replicaCount";
  return words.join(".");
}

export function featureKey(words: readonly string[]): string {
  const key = words.length === 1 ? (words[0] ?? "") : camelJoin(words.map((w) => w.toLowerCase()));
  return /(?:^|\.)enabled$/.test(key) ? key : `${key}.enabled`;
}

// Feature words after "enable": "ingress", "the service monitor", "metrics and tracing".
export function readFeatures(
  tokens: readonly Token[],
  from: number,
  isName: (i: number) => boolean,
  consumed: Set<number>,
): string[][] {
  const features: string[][] = [];
  let current: string[] = [];
  for (let j = from; j < tokens.length; j++) {
    const token = tokens[j];
    if (!token) break;
    const last = token.endsClause;
    if (token.word === "and" || token.word === "&") {
      if (current.length) features.push(current);
      current = [];
      continue;
    }
    if (STOPS.has(token.word) || token.kind === "flag") break;
    if (!SKIP.has(token.word) && !isName(j) && !token.possessive && token.kind !== "assignment") {
      current.push(token.kind === "word" ? token.raw : token.word);
      consumed.add(j);
    }
    if (last) break;
  }
  if (current.length) features.push(current);
  return features;
}

// "set image.tag to 1.2.3", "change replicas of webapp to 5", "set replicaCount 4 on x".
export function readKeyToValue(
  tokens: readonly Token[],
  from: number,
  isName: (i: number) => boolean,
  consumed: Set<number>,
  // Returns false when the caller does not take the pair: its words stay unread.
  add: (key: string, value: SetValue | null, words: readonly string[]) => boolean,
): void {
  const keyWords: string[] = [];
  const keyIndices: number[] = [];
  for (let j = from; j < tokens.length; j++) {
    const token = tokens[j];
    if (!token || token.kind === "assignment" || token.kind === "flag") return;
    // A version or number before any key word is not a key ("bump kafka 31.0.2 to 31.1.0").
    if (keyWords.length === 0 && (token.kind === "version" || token.kind === "number")) return;
    const valueAt = token.word === "to" || token.word === "=" || token.word === "as" ? j + 1 : -1;
    const bareValue =
      keyWords.length > 0 &&
      (token.kind === "number" || token.kind === "quoted" || /^(?:true|false)$/.test(token.word));
    if (valueAt !== -1 || bareValue) {
      const at = bareValue ? j : valueAt;
      const value = tokens[at];
      if (keyWords.length === 0) return;
      const raw = value ? (value.kind === "quoted" ? JSON.stringify(value.raw) : value.raw) : null;
      if (!add(keyFromWords(keyWords), raw === null ? null : parseSetValue(raw), keyWords)) return;
      for (const k of keyIndices) consumed.add(k);
      if (value) consumed.add(at);
      return;
    }
    if (isName(j) || token.possessive) continue;
    if (token.word === "of" || token.word === "on" || token.word === "for" || token.word === "in") {
      // "replicas of webapp to 5": the key is complete, the release follows.
      continue;
    }
    if (SKIP.has(token.word)) continue;
    if (token.endsClause) return;
    keyWords.push(token.raw);
    keyIndices.push(j);
  }
}
