// Settles which single release a message is about, or says why it cannot: two releases of
// that name in different namespaces (ambiguous), several different releases named (many),
// the release is not in the namespace that was named, or no release of that name exists.
import type { ReleaseRef, ReleaseSummary } from "../model/release.ts";
import type { NamespaceHint } from "./find-namespace-hints.ts";
import type { InventoryIndex } from "./inventory-index.ts";
import {
  matchReleaseSpans,
  matchWordLoosely,
  RANK_CHART,
  type SpanInput,
  type SpanMatch,
} from "./match-release-spans.ts";

export type ReleaseResolution =
  | { kind: "found"; release: ReleaseRef; match: SpanMatch }
  | { kind: "ambiguous"; query: string; candidates: ReleaseRef[]; match: SpanMatch }
  | { kind: "many"; names: string[]; candidates: ReleaseRef[] }
  | {
      kind: "not-in-namespace";
      query: string;
      namespace: string;
      candidates: ReleaseRef[];
      match: SpanMatch;
    }
  | { kind: "none"; matches: [] };

const toRef = (r: ReleaseSummary): ReleaseRef => ({ name: r.name, namespace: r.namespace });

function overlaps(a: SpanMatch, b: SpanMatch): boolean {
  return a.start < b.end && b.start < a.end;
}

function sharesRelease(a: SpanMatch, b: SpanMatch): boolean {
  const set = new Set(a.releases);
  return b.releases.some((r) => set.has(r));
}

function compareMatches(a: SpanMatch, b: SpanMatch): number {
  return a.rank - b.rank || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

function byNamespaces(releases: readonly ReleaseSummary[], namespaces: readonly string[]) {
  const wanted = new Set(namespaces);
  return releases.filter((r) => wanted.has(r.namespace));
}

// Narrows a match by the namespace hints; explicit hints that rule everything out conflict.
function applyHints(match: SpanMatch, hints: readonly NamespaceHint[]): ReleaseResolution {
  let releases = match.releases;
  const explicit = hints.filter((h) => h.explicit);
  const named = new Set(explicit.flatMap((h) => h.namespaces));
  if (explicit.length > 1 && new Set(explicit.map((h) => h.namespaces.join())).size > 1) {
    // "webapp in prod and staging": one release per namespace, so several releases.
    const several = byNamespaces(releases, [...named]);
    if (several.length > 1) {
      return {
        kind: "many",
        names: several.map((r) => `${r.name} in ${r.namespace}`),
        candidates: several.map(toRef),
      };
    }
  }
  for (const hint of explicit) {
    const kept = byNamespaces(releases, hint.namespaces);
    if (kept.length === 0) {
      return {
        kind: "not-in-namespace",
        query: match.text,
        namespace: hint.namespaces.length === 1 ? (hint.namespaces[0] ?? hint.raw) : hint.raw,
        candidates: releases.map(toRef),
        match,
      };
    }
    releases = kept;
  }
  for (const hint of hints.filter((h) => !h.explicit)) {
    const kept = byNamespaces(releases, hint.namespaces);
    if (kept.length > 0) releases = kept;
  }
  const only = releases[0];
  if (releases.length === 1 && only) return { kind: "found", release: toRef(only), match };
  return { kind: "ambiguous", query: match.text, candidates: releases.map(toRef), match };
}

const CONJUNCTIONS = new Set(["and", "or", "&", "plus", "+"]);

// "uninstall kfaka and redis": a mistyped name next to "and" is a second release, not noise.
function coordinatedMatches(
  input: SpanInput,
  index: InventoryIndex,
  exact: readonly SpanMatch[],
): SpanMatch[] {
  const { tokens, content } = input;
  const out: SpanMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!content[i] || exact.some((m) => i >= m.start && i < m.end)) continue;
    const nextToConjunction =
      CONJUNCTIONS.has(tokens[i - 1]?.word ?? "") ||
      CONJUNCTIONS.has(tokens[i + 1]?.word ?? "") ||
      (tokens[i]?.endsClause && exact.some((m) => m.start === i + 1));
    const match = nextToConjunction ? matchWordLoosely(tokens[i]?.word ?? "", index, true) : null;
    // Ranked like an exact name: it names a different release as surely as the others do.
    if (match) out.push({ ...match, rank: RANK_CHART, start: i, end: i + 1 });
  }
  return out;
}

export function resolveRelease(
  input: SpanInput,
  index: InventoryIndex,
  hints: readonly NamespaceHint[],
): ReleaseResolution {
  const matches = matchReleaseSpans(input, index).sort(compareMatches);
  const best = matches[0];
  if (!best) return { kind: "none", matches: [] };
  if (best.rank <= RANK_CHART) matches.push(...coordinatedMatches(input, index, matches));
  // Other words naming a different release: "upgrade kafka and redis".
  const others = matches.filter(
    (m) =>
      m !== best &&
      !overlaps(m, best) &&
      !sharesRelease(m, best) &&
      (m.rank <= RANK_CHART || m.rank === best.rank),
  );
  if (others.length > 0) {
    const picked = [best];
    for (const m of others) {
      if (!picked.some((p) => overlaps(p, m) || sharesRelease(p, m))) picked.push(m);
    }
    const names = [...new Set(picked.flatMap((m) => m.releases.map((r) => r.name)))];
    if (best.rank <= RANK_CHART) {
      return { kind: "many", names, candidates: picked.flatMap((m) => m.releases.map(toRef)) };
    }
    // Several loose matches: offer them all as one ambiguous choice.
    const merged: SpanMatch = {
      ...best,
      releases: [...new Set(picked.flatMap((m) => m.releases))],
    };
    return applyHints(merged, hints);
  }
  return applyHints(best, hints);
}
