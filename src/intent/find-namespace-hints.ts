// Finds where a message says which namespace it means: "-n staging", "in prod", "on the qa
// namespace", "namespace=cache", "staging namespace", or a bare "prod kafka".
import type { InventoryIndex } from "./inventory-index.ts";
import { namespaceSynonyms, resolveNamespace } from "./resolve-namespace.ts";
import type { Token } from "./tokenize.ts";
import { DOMAIN_WORDS, GRAMMAR, NOT_NAMESPACES } from "./vocabulary.ts";

export interface NamespaceHint {
  // What was typed, lowercased.
  raw: string;
  // Inventory namespaces it refers to; empty when none matches.
  namespaces: string[];
  // Said on purpose ("-n x", "in x", "x namespace"): a release elsewhere is a conflict.
  explicit: boolean;
  // Index of the namespace word, or -1 for a flag.
  wordIndex: number;
  // Tokens that belong to the hint ("in", "the", "staging", "namespace").
  tokenIndices: number[];
}

const PREPOSITIONS = new Set(["in", "on", "from", "within", "inside", "at", "for", "across"]);
const NAMESPACE_NOUNS = new Set(["namespace", "ns", "env", "environment"]);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isEnvironmentWord(word: string): boolean {
  return namespaceSynonyms(word).length > 1;
}

function usable(word: string): boolean {
  return DNS_LABEL.test(word) && !NOT_NAMESPACES.has(word) && !GRAMMAR.has(word);
}

const LIST_JOINS = /^(?:and|or|&|\+|plus)$/;

// The next namespace of a list after token i ("in prod, staging and dev"), or -1.
function nextInList(tokens: readonly Token[], index: InventoryIndex, i: number): number {
  const joined = LIST_JOINS.test(tokens[i + 1]?.word ?? "");
  const at = joined ? i + 2 : tokens[i]?.endsClause ? i + 1 : -1;
  if (at === -1) return -1;
  const more = tokens[at];
  // "in staging, and kafka": the list goes on only while it names namespaces.
  if (more?.kind !== "word" || resolveNamespace(more.word, index).length === 0) return -1;
  return at;
}

// "in prod and staging", "in staging, production and development": every one counts.
function readNamespaceList(
  tokens: readonly Token[],
  index: InventoryIndex,
  from: number,
  hints: NamespaceHint[],
): number {
  let i = from;
  for (let at = nextInList(tokens, index, i); at !== -1; at = nextInList(tokens, index, i)) {
    const word = tokens[at]?.word ?? "";
    const indices = at === i + 2 ? [i + 1, at] : [at];
    hints.push({
      raw: word,
      namespaces: resolveNamespace(word, index),
      explicit: true,
      wordIndex: at,
      tokenIndices: indices,
    });
    i = at;
  }
  return i;
}

// "webapp (staging + prod)": two bare namespaces joined are said on purpose.
function findBareNamespaceLists(
  tokens: readonly Token[],
  index: InventoryIndex,
  skip: ReadonlySet<number>,
  hints: NamespaceHint[],
): void {
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]?.word ?? "";
    // The cheap test first: resolving a namespace may scan for typos.
    if (!LIST_JOINS.test(tokens[i + 1]?.word ?? "") || skip.has(i) || !usable(word)) continue;
    if (hints.some((h) => h.tokenIndices.includes(i))) continue;
    const namespaces = resolveNamespace(word, index);
    if (namespaces.length === 0) continue;
    if (nextInList(tokens, index, i) === -1) continue;
    hints.push({ raw: word, namespaces, explicit: true, wordIndex: i, tokenIndices: [i] });
    i = readNamespaceList(tokens, index, i, hints);
  }
}

export function findNamespaceHints(
  tokens: readonly Token[],
  index: InventoryIndex,
  flagNamespace: string | null,
  // Tokens already read as something else ("turn on", "enable ingress").
  skip: ReadonlySet<number>,
): NamespaceHint[] {
  const hints: NamespaceHint[] = [];
  if (flagNamespace !== null) {
    hints.push({
      raw: flagNamespace,
      namespaces: resolveNamespace(flagNamespace, index),
      explicit: true,
      wordIndex: -1,
      tokenIndices: [],
    });
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token || skip.has(i)) continue;
    const assignment = /^(?:ns|namespace)[=:](.+)$/.exec(token.word);
    if (assignment?.[1]) {
      const raw = assignment[1];
      hints.push({
        raw,
        namespaces: resolveNamespace(raw, index),
        explicit: true,
        wordIndex: i,
        tokenIndices: [i],
      });
      continue;
    }
    // "namespace staging", "ns: staging"
    if (NAMESPACE_NOUNS.has(token.word) && token.word !== "env") {
      const next = tokens[i + 1];
      if (next && usable(next.word) && next.kind !== "version") {
        hints.push({
          raw: next.word,
          namespaces: resolveNamespace(next.word, index),
          explicit: true,
          wordIndex: i + 1,
          tokenIndices: [i, i + 1],
        });
        i++;
      }
      continue;
    }
    if (!PREPOSITIONS.has(token.word)) continue;
    let j = i + 1;
    const consumed = [i];
    if (tokens[j]?.word === "the") consumed.push(j++);
    const nounFirst = NAMESPACE_NOUNS.has(tokens[j]?.word ?? "");
    if (nounFirst) consumed.push(j++);
    const target = tokens[j];
    if (
      !target ||
      skip.has(j) ||
      target.kind === "version" ||
      target.kind === "number" ||
      !usable(target.word)
    ) {
      continue;
    }
    consumed.push(j);
    const followedByNoun = NAMESPACE_NOUNS.has(tokens[j + 1]?.word ?? "");
    if (followedByNoun) consumed.push(j + 1);
    const saidNamespace = followedByNoun || nounFirst;
    // "for kafka" names a release far more often than a namespace: only exact names count.
    const namespaces = resolveNamespace(target.word, index, token.word !== "for");
    if (namespaces.length > 0 || saidNamespace || isEnvironmentWord(target.word)) {
      hints.push({
        raw: target.word,
        namespaces,
        explicit: true,
        wordIndex: j,
        tokenIndices: consumed,
      });
      i = consumed.at(-1) ?? i;
      i = readNamespaceList(tokens, index, i, hints);
    } else if (!DOMAIN_WORDS.has(target.word)) {
      // "in foo" where foo is no namespace we know: only a list request takes it as one.
      hints.push({
        raw: target.word,
        namespaces: [],
        explicit: false,
        wordIndex: j,
        tokenIndices: consumed,
      });
    }
  }
  findBareNamespaceLists(tokens, index, skip, hints);
  // "staging namespace" with no preposition before it.
  for (let i = 1; i < tokens.length; i++) {
    if (!NAMESPACE_NOUNS.has(tokens[i]?.word ?? "") || skip.has(i - 1)) continue;
    const word = tokens[i - 1]?.word ?? "";
    if (hints.some((h) => h.tokenIndices.includes(i - 1)) || !usable(word)) continue;
    hints.push({
      raw: word,
      namespaces: resolveNamespace(word, index),
      explicit: true,
      wordIndex: i - 1,
      tokenIndices: [i - 1, i],
    });
  }
  return hints;
}

// A bare word naming a namespace ("prod kafka", "kafka staging"): a weak hint, used only
// to choose between releases of the same name.
export function findBareNamespaceWords(
  tokens: readonly Token[],
  index: InventoryIndex,
  skip: ReadonlySet<number>,
): NamespaceHint[] {
  const hints: NamespaceHint[] = [];
  tokens.forEach((token, i) => {
    if (skip.has(i) || token.kind !== "word" || !usable(token.word)) return;
    const namespaces = resolveNamespace(token.word, index, false);
    if (namespaces.length > 0) {
      hints.push({ raw: token.word, namespaces, explicit: false, wordIndex: i, tokenIndices: [i] });
    }
  });
  return hints;
}
