// Finds the parts of a message that name what is NOT the target: "leave kafka alone",
// "don't touch vault", "rollback tempo instead of jaeger", "grafana is fine", "kafka's ok",
// "sealed-secrets is not the issue", "X in prod is the one failing but upgrade X in staging".
// A release named only there is set aside when another release is named elsewhere.
import type { Token } from "./tokenize.ts";

export interface TokenRange {
  start: number;
  end: number;
}

// Words after which the next words name what to leave out.
const NEGATORS = new Set(["leave", "skip", "ignore", "forget", "except", "excluding", "besides"]);
const NEGATOR_PAIRS = new Set(["instead of", "rather than", "other than", "apart from"]);
// "keep X as is", "not X": only when the next word is not a state ("not healthy").
const SOFT_NEGATORS = new Set(["keep", "not"]);
const STATE_WORDS = new Set(
  `fine ok okay good healthy alright stable green innocent unaffected happy normal working
running up ready responding`.split(/\s+/),
);
const COPULAS = new Set(["is", "are", "looks", "look", "seems", "seem", "was", "were", "stays"]);
const CULPRITS = new Set(["issue", "problem", "culprit", "cause"]);
const SCOPE_ENDS = new Set(["and", "but", "then", "just", "so", "instead", "only"]);

// Where the clause holding token `at` starts; "and"/"but" end it too unless sentence-wide.
function clauseStart(tokens: readonly Token[], at: number, sentence = false): number {
  let i = at;
  const stops = (t: Token | undefined) =>
    t?.endsClause || (!sentence && SCOPE_ENDS.has(t?.word ?? ""));
  while (i > 0 && !stops(tokens[i - 1])) i--;
  return i;
}

function scopeAfter(tokens: readonly Token[], from: number): TokenRange | null {
  let end = from;
  while (end < tokens.length && end - from < 5) {
    const t = tokens[end];
    if (!t || SCOPE_ENDS.has(t.word)) break;
    end++;
    if (t.endsClause) break;
  }
  return end > from ? { start: from, end } : null;
}

// "X is fine", "X looks healthy", "X's ok", "X is not the issue": the clause up to the verb.
function stateClause(tokens: readonly Token[], i: number): TokenRange | null {
  const t = tokens[i];
  const next = tokens[i + 1]?.word ?? "";
  if (t?.possessive && STATE_WORDS.has(next)) return { start: clauseStart(tokens, i), end: i + 1 };
  if (!COPULAS.has(t?.word ?? "") || i === 0) return null;
  let j = i + 1;
  const negated = tokens[j]?.word === "not";
  if (negated) j++;
  if (tokens[j]?.word === "the" || tokens[j]?.word === "a") j++;
  const word = tokens[j]?.word ?? "";
  const fine = (!negated && STATE_WORDS.has(word)) || (negated && CULPRITS.has(word));
  return fine ? { start: clauseStart(tokens, i), end: i } : null;
}

// "A is the one failing but upgrade B": what comes before "but" is the contrast, unless it
// already asks for a change itself.
function beforeBut(tokens: readonly Token[], hasAction: (r: TokenRange) => boolean) {
  const but = tokens.findIndex((t) => t.word === "but");
  if (but <= 0) return null;
  // The whole sentence before "but": "uninstall kafka and redis but not postgres" asks for two.
  const range = { start: clauseStart(tokens, but - 1, true), end: but };
  return hasAction(range) ? null : range;
}

export function findExcludedRanges(
  tokens: readonly Token[],
  // True when the range holds a verb that asks for a change ("upgrade kafka but not redis").
  hasAction: (range: TokenRange) => boolean,
): TokenRange[] {
  const out: TokenRange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]?.word ?? "";
    const pair = `${word} ${tokens[i + 1]?.word ?? ""}`;
    let scope: TokenRange | null = null;
    if (NEGATOR_PAIRS.has(pair)) scope = scopeAfter(tokens, i + 2);
    else if (NEGATORS.has(word) && !tokens[i]?.endsClause) scope = scopeAfter(tokens, i + 1);
    else if (SOFT_NEGATORS.has(word) && !STATE_WORDS.has(tokens[i + 1]?.word ?? ""))
      scope = scopeAfter(tokens, i + 1);
    const state = scope ? null : stateClause(tokens, i);
    // "upgrade kafka and redis is fine" is no contrast: a change verb keeps its objects.
    if (state && !hasAction({ start: clauseStart(tokens, state.start, true), end: state.end }))
      scope = state;
    if (scope) out.push(scope);
  }
  const contrast = beforeBut(tokens, hasAction);
  if (contrast) out.push(contrast);
  return out;
}
