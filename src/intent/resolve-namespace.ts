// Finds the inventory namespace(s) a word refers to: exact, by synonym ("prod" finds
// "production", "stg" finds "staging"), by environment segment ("prod" finds "shop-prod"),
// by unique prefix ("obs" finds "observability") or by a small typo ("stagign").
import { editDistance, typoBudget } from "./edit-distance.ts";
import type { InventoryIndex } from "./inventory-index.ts";
import { NAMESPACE_SYNONYMS } from "./vocabulary.ts";

const SYNONYMS = new Map<string, readonly string[]>();
for (const group of NAMESPACE_SYNONYMS) {
  for (const word of group) SYNONYMS.set(word, group);
}

export function namespaceSynonyms(word: string): readonly string[] {
  return SYNONYMS.get(word) ?? [word];
}

// loose: also accept segments, prefixes and typos (after "in"/"-n", where a namespace is
// expected); a bare word elsewhere in the sentence must name one exactly or by synonym.
export function resolveNamespace(word: string, index: InventoryIndex, loose = true): string[] {
  const w = word.toLowerCase();
  if (!w || w.length > 63) return [];
  if (index.byNamespace.has(w)) return [w];
  const forms = namespaceSynonyms(w);
  const bySynonym = forms.filter((f) => index.byNamespace.has(f));
  if (bySynonym.length > 0 || !loose) return bySynonym;
  // "prod" -> "shop-prod" / "prod-eu": an environment named inside the namespace.
  const bySegment = index.namespaces.filter((ns) => ns.split("-").some((s) => forms.includes(s)));
  if (bySegment.length > 0) return bySegment;
  if (w.length >= 3) {
    const byPrefix = index.namespaces.filter((ns) => ns.startsWith(w));
    if (byPrefix.length === 1) return byPrefix;
  }
  const budget = typoBudget(w.length);
  if (budget > 0) {
    let best: string[] = [];
    let bestDistance = budget + 1;
    for (const ns of index.namespaces) {
      const d = editDistance(w, ns, budget);
      if (d < bestDistance) {
        best = [ns];
        bestDistance = d;
      } else if (d === bestDistance && d <= budget) {
        best.push(ns);
      }
    }
    if (best.length === 1) return best;
  }
  return [];
}
