// Picks the releases worth showing a model for one message: all of them when the inventory
// is small, otherwise those whose name, chart or namespace the message mentions (exactly,
// by prefix or with a small typo) first, up to a cap, so prompts stay small at 10,000.
import { editDistance, typoBudget } from "../intent/edit-distance.ts";
import { type ReleaseSummary, splitChart } from "../model/release.ts";

export const DEFAULT_MAX_RELEASES = 300;

function words(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/[a-z0-9][a-z0-9.-]*/g) ?? [])].filter(
    (w) => w.length >= 2,
  );
}

function scoreKey(key: string, mentioned: readonly string[], wordSet: ReadonlySet<string>): number {
  if (wordSet.has(key)) return 100;
  const parts = key.split("-");
  if (parts.some((p) => p.length >= 3 && wordSet.has(p))) return 60;
  let best = 0;
  for (const w of mentioned) {
    if (w.length >= 3 && key.startsWith(w)) best = Math.max(best, 50);
    const budget = typoBudget(w.length);
    if (
      budget > 0 &&
      Math.abs(w.length - key.length) <= budget &&
      editDistance(w, key, budget) <= budget
    ) {
      best = Math.max(best, 40);
    }
  }
  return best;
}

export function selectRelevantReleases(
  text: string,
  inventory: readonly ReleaseSummary[],
  max = DEFAULT_MAX_RELEASES,
): ReleaseSummary[] {
  if (inventory.length <= max) return [...inventory];
  const mentioned = words(text);
  const wordSet = new Set(mentioned);
  const scored = inventory.map((release, order) => {
    const name = scoreKey(release.name.toLowerCase(), mentioned, wordSet);
    const chart = scoreKey(splitChart(release.chart).chartName.toLowerCase(), mentioned, wordSet);
    const namespace = wordSet.has(release.namespace.toLowerCase()) ? 20 : 0;
    return { release, order, score: Math.max(name, chart) + namespace };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, max).map((s) => s.release);
}
