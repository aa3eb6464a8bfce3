// Second half of the rules analyser: which release the message is about, using the words
// not already read as the operation, values or namespace, and the namespace hints.
import type { ReleaseSummary } from "../model/release.ts";
import { findBareNamespaceWords, type NamespaceHint } from "./find-namespace-hints.ts";
import type { InventoryIndex } from "./inventory-index.ts";
import { PHRASE_CUES, WORD_CUES } from "./lexicon.ts";
import { nearestKeys } from "./match-release-spans.ts";
import type { ReadMessage } from "./read-message.ts";
import { resolveNamespace } from "./resolve-namespace.ts";
import { type ReleaseResolution, resolveRelease } from "./resolve-release.ts";
import { DOMAIN_WORDS, GRAMMAR, NOT_NAMESPACES, NOT_TYPOS } from "./vocabulary.ts";

export type FindReleaseResult =
  | ReleaseResolution
  | { kind: "not-found"; query: string; suggestions: string[] };

const PHRASE_WORDS = new Set(PHRASE_CUES.flatMap((p) => p.words));
// Chat words that are not release names; kept here because only this step needs them.
const INCIDENT_WORDS = new Set(
  `users customers seeing getting having alerts alert firing fired paging pager page incident
outage traffic latency memory cpu disk high low spiking spike lag requests request responses
response timeouts slow slowness dashboard dashboards prometheus-alert everybody anyone folks
thing things stuff someone something since morning night week weekend deploy deployed named
called using use used call asked ask said says saying tried try trying sorry again also maybe
perhaps probably think thought guess ever never always yesterday's today's mine yours which one`.split(
    /\s+/,
  ),
);

function isVocabulary(word: string): boolean {
  return (
    GRAMMAR.has(word) ||
    DOMAIN_WORDS.has(word) ||
    WORD_CUES.has(word) ||
    PHRASE_WORDS.has(word) ||
    NOT_TYPOS.has(word) ||
    NOT_NAMESPACES.has(word) ||
    INCIDENT_WORDS.has(word)
  );
}

const NAME_LIKE = /^[a-z0-9][a-z0-9._/-]*$/;

function spanInput(msg: ReadMessage, used: ReadonlySet<number>) {
  const eligible = msg.tokens.map(
    (t, i) => (t.kind === "word" || t.kind === "quoted") && !used.has(i) && !GRAMMAR.has(t.word),
  );
  const content = msg.tokens.map(
    (t, i) =>
      !!eligible[i] &&
      t.kind === "word" &&
      !isVocabulary(t.word) &&
      NAME_LIKE.test(t.word) &&
      t.word.length >= 3,
  );
  return { tokens: msg.tokens, eligible, content };
}

// The word most likely meant as a release name: the first name-like word after the verb.
function pickQuery(
  msg: ReadMessage,
  content: readonly boolean[],
  index: InventoryIndex,
): string | null {
  const after = msg.detected.cue?.end ?? 0;
  // A namespace named bare ("status of monitoring") is not a missing release.
  const isNamespaceWord = (i: number) =>
    resolveNamespace(msg.tokens[i]?.word ?? "", index, false).length > 0;
  const indices = content
    .map((c, i) => (c && !isNamespaceWord(i) ? i : -1))
    .filter((i) => i !== -1);
  const i = indices.find((k) => k >= after) ?? indices[0];
  return i === undefined ? null : (msg.tokens[i]?.word ?? null);
}

export function suggestNames(index: InventoryIndex, query: string): string[] {
  // Looser than typo matching, but bounded: suggestions must stay cheap at 10,000 releases.
  const budget = Math.min(3, Math.max(2, Math.floor(query.length / 3)));
  const keys = nearestKeys(index, query, budget);
  const names = new Set<string>();
  for (const key of keys) {
    for (const r of [...(index.byName.get(key) ?? []), ...(index.byChart.get(key) ?? [])])
      names.add(r.name);
  }
  return [...names].slice(0, 3);
}

function resolveWith(
  msg: ReadMessage,
  index: InventoryIndex,
  used: ReadonlySet<number>,
  explicit: readonly NamespaceHint[],
): ReleaseResolution {
  const input = spanInput(msg, used);
  let result = resolveRelease(input, index, explicit);
  if (result.kind === "ambiguous") {
    // Bare namespace words ("prod shop-frontend") choose between same-named releases.
    const skip = new Set([...used]);
    for (let i = result.match.start; i < result.match.end; i++) skip.add(i);
    const bare = findBareNamespaceWords(msg.tokens, index, skip);
    if (bare.length > 0) result = resolveRelease(input, index, [...explicit, ...bare]);
  }
  return result;
}

// "leave kafka alone, roll back redis": read without the parts that name what is not meant,
// as long as something is still named without them.
function resolveWithoutExcluded(msg: ReadMessage, index: InventoryIndex): ReleaseResolution {
  const inExcluded = (i: number) => msg.excluded.some((r) => i >= r.start && i < r.end);
  const used = new Set(msg.used);
  msg.tokens.forEach((_t, i) => {
    if (inExcluded(i)) used.add(i);
  });
  const explicit = msg.hints.filter((h) => h.explicit && !inExcluded(h.wordIndex));
  return resolveWith(msg, index, used, explicit);
}

export function findRelease(msg: ReadMessage, index: InventoryIndex): FindReleaseResult {
  const explicit = msg.hints.filter((h) => h.explicit);
  const input = spanInput(msg, msg.used);
  if (msg.excluded.length > 0) {
    const narrowed = resolveWithoutExcluded(msg, index);
    if (narrowed.kind !== "none") return narrowed;
  }
  const result = resolveWith(msg, index, msg.used, explicit);
  if (result.kind !== "none") return result;
  // "enable ingress on traefik": the word after "on" was the release, not a namespace.
  for (const hint of explicit) {
    if (hint.wordIndex < 0) continue;
    const used = new Set(msg.used);
    used.delete(hint.wordIndex);
    const retry = resolveRelease(
      spanInput(msg, used),
      index,
      explicit.filter((h) => h !== hint),
    );
    if (retry.kind !== "none") return retry;
  }
  const query = pickQuery(msg, input.content, index);
  if (query === null) return result;
  return { kind: "not-found", query, suggestions: suggestNames(index, query) };
}

export function currentRevision(
  index: InventoryIndex,
  name: string,
  namespace: string,
): number | null {
  const found: ReleaseSummary | undefined = (index.byName.get(name) ?? []).find(
    (r) => r.namespace === namespace,
  );
  return found && Number.isFinite(found.revision) ? found.revision : null;
}
