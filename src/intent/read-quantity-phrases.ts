// Values said with the amount first: "give search a 1Gi memory limit", "give it 500m of cpu",
// "allow ledger 2Gi of memory". The words after the amount name the value; the planner maps
// them onto the release's own chart keys.
import type { SetValue } from "./parse-set-value.ts";
import { parseSetValue } from "./parse-set-value.ts";
import { keyFromWords } from "./read-value-phrases.ts";
import type { Token } from "./tokenize.ts";

export const QUANTITY_VERBS = new Set(["give", "allow", "allot", "assign", "grant"]);
// Kubernetes quantities and plain counts: 1Gi, 512Mi, 500m, 2, 0.5.
const QUANTITY = /^\d+(?:\.\d+)?(?:[KMGTPE]i?|m)?$/;
const FILLER = new Set(["a", "an", "the", "of", "more", "extra"]);
const STOPS = new Set(["on", "for", "in", "to", "and", "please", "pls", "at", "with"]);

function keyAfter(tokens: readonly Token[], from: number, isName: (i: number) => boolean) {
  const words: string[] = [];
  const indices: number[] = [];
  for (let j = from; j < tokens.length && words.length < 4; j++) {
    const token = tokens[j];
    if (!token || STOPS.has(token.word) || isName(j) || token.kind !== "word") break;
    if (!FILLER.has(token.word)) {
      words.push(token.word);
      indices.push(j);
    }
    if (token.endsClause) break;
  }
  return { words, indices };
}

// Reads "<verb> [release] [a] <amount> <key words>" from the verb at index `verb`.
export function readQuantityPhrase(
  tokens: readonly Token[],
  verb: number,
  isName: (i: number) => boolean,
  consumed: Set<number>,
  add: (key: string, value: SetValue | null) => void,
): void {
  for (let j = verb + 1; j < tokens.length && j <= verb + 5; j++) {
    const token = tokens[j];
    if (!token || token.endsClause) return;
    if (!QUANTITY.test(token.raw)) continue;
    const key = keyAfter(tokens, j + 1, isName);
    if (key.words.length === 0) return;
    const value = parseSetValue(token.raw);
    add(keyFromWords(key.words), value);
    consumed.add(j);
    for (const k of key.indices) consumed.add(k);
    return;
  }
}
