// Reads the values a message wants to change: "--set a.b=3,c=d", "replicaCount=4",
// "enable ingress" (ingress.enabled=true), "disable metrics", "scale X to 3 replicas"
// (replicaCount=3), "set image.tag to 1.2.3". Keys and values are checked here; a value
// that could carry shell syntax or a flag is refused, never passed on.

import { setKeySchema } from "../model/names.ts";
import { NUMBER_WORDS } from "./lexicon.ts";
import { parseSetValue, type SetValue } from "./parse-set-value.ts";
import { QUANTITY_VERBS, readQuantityPhrase } from "./read-quantity-phrases.ts";
import { featureKey, REPLICA_WORDS, readFeatures, readKeyToValue } from "./read-value-phrases.ts";
import type { Token } from "./tokenize.ts";

export interface ExtractedValues {
  set: Record<string, SetValue> | null;
  // Tokens that are keys, values or feature words, not release names.
  consumed: Set<number>;
  problem: "unsafe-value" | "invalid-key" | "missing-value" | null;
}

export interface ValueContext {
  tokens: readonly Token[];
  cliSets: ReadonlyArray<{ text: string; forceString: boolean }>;
  // True for tokens that name a release (they are never keys).
  isName: (i: number) => boolean;
}

// "3 pods are crashing" is a symptom, not a request: only these follow a count as a key.
const COUNT_NOUNS = new Set(["replicas", "replica", "instances", "copies"]);
const ENABLE = new Set(["enable", "disable", "toggle"]);
const ON_OFF = new Set(["turn", "switch"]);
const SET_VERBS = new Set(["set", "change", "configure", "tweak", "flip"]);
// Not upgrade words: any key they name is a value ("raise the log level to debug").
const NUDGE_VERBS = new Set(["increase", "decrease", "raise", "lower", "reduce"]);
// Also upgrade words: "update kafka to 31.1.0" is a chart upgrade, so only a key that looks
// like a values path ("image.tag", "replicaCount", "replicas") makes them a values change.
const LOOSE_SET_VERBS = new Set(["update", "increase", "decrease", "bump", "raise", "lower"]);
// Words that only ever name chart values.
const VALUE_WORDS = new Set(
  `tag image repository resources limits requests cpu memory port storage size heap
persistence ingress replicas replicacount timeout loglevel`.split(/\s+/),
);
const SCALE_VERBS = new Set(["scale", "resize"]);

// "a=1,b=2" with helm's escaping ("a=x\,y") and lists ("a={x,y}") kept whole.
function splitSetList(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === "\\" && i + 1 < text.length) {
      current += ch + text.charAt(++i);
    } else if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      if (ch === "{" || ch === "[") depth++;
      if (ch === "}" || ch === "]") depth = Math.max(0, depth - 1);
      current += ch;
    }
  }
  if (current) parts.push(current);
  return parts;
}

export function extractValues(ctx: ValueContext): ExtractedValues {
  const { tokens, cliSets, isName } = ctx;
  const out: ExtractedValues = { set: null, consumed: new Set(), problem: null };
  const pairs: Array<[string, SetValue | null]> = [];
  const add = (key: string, value: SetValue | null) => pairs.push([key, value]);
  // A value typed but refused is not a missing one: the question must say which it was.
  let refused = false;
  const parse = (raw: string, forceString = false) => {
    const value = parseSetValue(raw, forceString);
    if (value === null) refused = true;
    return value;
  };

  for (const { text, forceString } of cliSets) {
    for (const part of splitSetList(text)) {
      const eq = part.indexOf("=");
      if (eq <= 0) add(part, null);
      else add(part.slice(0, eq), parse(part.slice(eq + 1), forceString));
    }
  }
  tokens.forEach((token, i) => {
    if (token.kind !== "assignment" || /^(?:ns|namespace)[=:]/.test(token.word)) return;
    out.consumed.add(i);
    for (const part of splitSetList(token.raw)) {
      const eq = part.indexOf("=");
      add(part.slice(0, Math.max(eq, 0)), eq > 0 ? parse(part.slice(eq + 1)) : null);
    }
  });

  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]?.word ?? "";
    const particle = ON_OFF.has(word) ? findParticle(tokens, i) : -1;
    if (ENABLE.has(word) || particle !== -1) {
      const value = word === "enable" || tokens[particle]?.word === "on";
      // "turn on X" reads after the particle; "turn X off" reads between verb and particle.
      const start = particle === i + 1 ? i + 2 : i + 1;
      const end = particle > i + 1 ? particle : tokens.length;
      for (const feature of readFeatures(tokens.slice(0, end), start, isName, out.consumed)) {
        add(featureKey(feature), value);
      }
    } else if (
      SCALE_VERBS.has(word) ||
      (COUNT_NOUNS.has(word) && countAt(tokens, i - 1) !== null)
    ) {
      const n = COUNT_NOUNS.has(word) ? i - 1 : findNumberAfter(tokens, i + 1);
      if (n === -1) {
        add("replicaCount", null);
      } else {
        out.consumed.add(n);
        if (REPLICA_WORDS.has(tokens[n + 1]?.word ?? "")) out.consumed.add(n + 1);
        add("replicaCount", countAt(tokens, n));
      }
    } else if (QUANTITY_VERBS.has(word)) {
      readQuantityPhrase(tokens, i, isName, out.consumed, add);
    } else if (
      SET_VERBS.has(word) ||
      LOOSE_SET_VERBS.has(word) ||
      // "up the max node count to 40": "up" leading the message is a verb.
      (word === "up" && i === 0)
    ) {
      const sure = SET_VERBS.has(word) || NUDGE_VERBS.has(word) || word === "up";
      readKeyToValue(tokens, i + 1, isName, out.consumed, (key, value, words) => {
        // A key that reads as a values path ("image.tag", "image tag", "replicas");
        // "shop frontend" is not one.
        const pathLike =
          (words.length === 1 && /[.A-Z_]/.test(key)) ||
          key === "replicaCount" ||
          words.some((w) => VALUE_WORDS.has(w.toLowerCase()));
        if (sure || pathLike) add(key, value);
        return sure || pathLike;
      });
    }
  }
  return finish(out, pairs, refused);
}

function finish(
  out: ExtractedValues,
  pairs: Array<[string, SetValue | null]>,
  refused: boolean,
): ExtractedValues {
  if (pairs.length === 0) return out;
  const set: Record<string, SetValue> = {};
  for (const [key, value] of pairs) {
    if (value === null) {
      const validKey = key !== "" && setKeySchema.safeParse(key).success;
      out.problem ??= validKey && !refused ? "missing-value" : "unsafe-value";
      continue;
    }
    if (!setKeySchema.safeParse(key).success) {
      out.problem ??= "invalid-key";
      continue;
    }
    // The same key twice ("scale to 3" and "3 replicas") agrees or the later one wins.
    set[key] = value;
  }
  out.set = Object.keys(set).length > 0 ? set : null;
  return out;
}

function findParticle(tokens: readonly Token[], verb: number): number {
  for (let k = verb + 1; k <= verb + 5 && k < tokens.length; k++) {
    const word = tokens[k]?.word;
    if (word === "on" || word === "off") return k;
  }
  return -1;
}

function countAt(tokens: readonly Token[], i: number): number | null {
  const token = tokens[i];
  if (!token) return null;
  if (token.kind === "number") return Number(token.raw);
  return NUMBER_WORDS[token.word] ?? null;
}

function findNumberAfter(tokens: readonly Token[], from: number): number {
  for (let j = from; j < tokens.length; j++) {
    if (countAt(tokens, j) !== null) return j;
  }
  return -1;
}
