// Finds the words of a message that name releases: exact release names, chart names
// ("postgresql" finds the release "postgres"), spaced or glued names ("shop frontend",
// "certmanager"), name parts ("frontend"), unique prefixes ("argo") and small typos
// ("grafna"). Cheaper kinds of match are tried first and the search stops at the first kind
// that finds anything, so most messages never reach the typo scan.
import type { ReleaseSummary } from "../model/release.ts";
import { editDistance, typoBudget } from "./edit-distance.ts";
import {
  countLetters,
  type InventoryIndex,
  keysWithPrefix,
  lettersWithin,
  releasesForKey,
} from "./inventory-index.ts";
import type { Token } from "./tokenize.ts";
import { RELEASE_ALIASES } from "./vocabulary.ts";

export const RANK_NAME = 0;
export const RANK_CHART = 1;
export const RANK_SEGMENT = 2;
export const RANK_PREFIX = 3;
export const RANK_TYPO = 4;

export interface SpanMatch {
  start: number;
  end: number;
  rank: number;
  releases: readonly ReleaseSummary[];
  text: string;
}

// eligible: which tokens may be part of a name; content: which may be matched loosely.
export interface SpanInput {
  tokens: readonly Token[];
  eligible: readonly boolean[];
  content: readonly boolean[];
}

const MAX_SPAN = 4;

// "pg" -> the release named postgres, or releases of the postgresql chart.
// "argo" with argocd and argo-workflows installed means either: the alias does not choose.
function aliasReleases(index: InventoryIndex, word: string): readonly ReleaseSummary[] {
  for (const key of RELEASE_ALIASES.get(word) ?? []) {
    const found = releasesForKey(index, key);
    if (found.length > 0) return [...new Set([...found, ...(index.bySegment.get(word) ?? [])])];
  }
  return [];
}

function exactSpans(input: SpanInput, index: InventoryIndex): SpanMatch[] {
  const { tokens, eligible } = input;
  const out: SpanMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!eligible[i]) continue;
    const first = tokens[i];
    // "streaming/kafka" (namespace/name, as kubectl writes it) or "kafka/streaming".
    if (first?.word.includes("/")) {
      const [a = "", b = ""] = first.word.split("/");
      const named = [
        ...(index.byName.get(b) ?? []).filter((r) => r.namespace === a),
        ...(index.byName.get(a) ?? []).filter((r) => r.namespace === b),
      ];
      if (named.length > 0)
        out.push({ start: i, end: i + 1, rank: RANK_NAME, releases: named, text: first.word });
      continue;
    }
    const parts: string[] = [];
    for (let j = i; j < Math.min(tokens.length, i + MAX_SPAN); j++) {
      const token = tokens[j];
      if (!eligible[j] || !token || (j > i && tokens[j - 1]?.endsClause)) break;
      parts.push(token.word.replaceAll("_", "-"));
      const dashed = parts.join("-");
      const byName = index.byName.get(dashed) ?? index.byCompactName.get(parts.join("")) ?? [];
      const text = parts.join(" ");
      if (byName.length > 0) {
        out.push({ start: i, end: j + 1, rank: RANK_NAME, releases: byName, text });
        continue;
      }
      const byChart = index.byChart.get(dashed) ?? aliasReleases(index, dashed);
      if (byChart.length > 0)
        out.push({ start: i, end: j + 1, rank: RANK_CHART, releases: byChart, text });
    }
  }
  return out;
}

function looseSpans(input: SpanInput, index: InventoryIndex): SpanMatch[] {
  const { tokens, content } = input;
  const out: SpanMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const match = content[i] ? matchWordLoosely(tokens[i]?.word ?? "", index, false) : null;
    if (match) out.push({ ...match, start: i, end: i + 1 });
  }
  return out;
}

// One word matched by name part or prefix, or (withTypos) by a small typo.
export function matchWordLoosely(
  word: string,
  index: InventoryIndex,
  withTypos: boolean,
): Omit<SpanMatch, "start" | "end"> | null {
  if (word.length < 3) return null;
  const bySegment = index.bySegment.get(word);
  if (bySegment) return { rank: RANK_SEGMENT, releases: bySegment, text: word };
  const keys = keysWithPrefix(index, word);
  if (keys.length > 0) {
    return {
      rank: RANK_PREFIX,
      releases: [...new Set(keys.flatMap((k) => releasesForKey(index, k)))],
      text: word,
    };
  }
  if (!withTypos) return null;
  const releases = typoReleases(index, word);
  return releases.length > 0 ? { rank: RANK_TYPO, releases, text: word.replace("-", " ") } : null;
}

// Releases whose name or chart, or failing that a part of whose name, is a small typo away.
function typoReleases(index: InventoryIndex, word: string): readonly ReleaseSummary[] {
  const budget = typoBudget(word.length);
  const keys = nearestKeys(index, word, budget);
  if (keys.length > 0) return [...new Set(keys.flatMap((k) => releasesForKey(index, k)))];
  const segments = nearestKeys(index, word, budget, index.segmentsByLength);
  return [...new Set(segments.flatMap((k) => index.bySegment.get(k) ?? []))];
}

// Keys (release or chart names, or name parts) nearest to word within budget, or [].
export function nearestKeys(
  index: InventoryIndex,
  word: string,
  budget: number,
  pool: ReadonlyMap<number, readonly string[]> = index.keysByLength,
): string[] {
  let best: string[] = [];
  let bestDistance = budget + 1;
  const letters = countLetters(word);
  for (let len = word.length - budget; len <= word.length + budget; len++) {
    for (const key of pool.get(len) ?? []) {
      // Typos rarely touch the first letter (a swap of the first two is allowed).
      if (key[0] !== word[0] && !(key[0] === word[1] && key[1] === word[0])) continue;
      const keyLetters = index.letterCounts.get(key);
      if (keyLetters && !lettersWithin(letters, keyLetters, Math.min(bestDistance, budget)))
        continue;
      const d = editDistance(word, key, Math.min(bestDistance, budget));
      if (d < bestDistance) {
        best = [key];
        bestDistance = d;
      } else if (d === bestDistance && d <= budget) {
        best.push(key);
      }
    }
  }
  return best;
}

function typoSpans(input: SpanInput, index: InventoryIndex): SpanMatch[] {
  const { tokens, content } = input;
  const out: SpanMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!content[i]) continue;
    const words = [tokens[i]?.word ?? ""];
    // "shop fronted": two words glued with a hyphen, then compared.
    if (content[i + 1] && !tokens[i]?.endsClause)
      words.push(`${words[0]}-${tokens[i + 1]?.word ?? ""}`);
    words.forEach((word, n) => {
      const releases = typoReleases(index, word);
      if (releases.length === 0) return;
      out.push({
        start: i,
        end: i + 1 + n,
        rank: RANK_TYPO,
        releases,
        text: word.replace("-", " "),
      });
    });
  }
  return out;
}

export function matchReleaseSpans(input: SpanInput, index: InventoryIndex): SpanMatch[] {
  const exact = exactSpans(input, index);
  if (exact.length > 0) return exact;
  const loose = looseSpans(input, index);
  if (loose.length > 0) return loose;
  return typoSpans(input, index);
}
