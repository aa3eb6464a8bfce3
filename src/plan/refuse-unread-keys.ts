// helm accepts any key: a value the chart never reads is stored and changes nothing. A
// set-values whose keys the chart does not have and whose dry-run changes no object is refused
// with the chart's nearest keys ("did you mean"), instead of a plan that silently does nothing.

import type { ManifestDiff } from "./diff-manifests.ts";
import { flattenValues, pathExists } from "./diff-values.ts";
import type { PlanRefusal } from "./plan-types.ts";
import { refuse } from "./refuse.ts";

const MAX_SUGGESTIONS = 3;

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

// The chart's keys closest to a typed one, by the whole path or by its last segment.
export function nearestKeys(key: string, chartKeys: readonly string[]): string[] {
  const last = (p: string) => p.split(".").at(-1) ?? p;
  const limit = Math.max(2, Math.floor(key.length / 3));
  return chartKeys
    .map((k) => ({ k, d: Math.min(editDistance(key, k), editDistance(last(key), last(k))) }))
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => c.k);
}

function changesNothing(diff: ManifestDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

export function refuseUnreadKeys(input: {
  release: { name: string; namespace: string };
  chart: string;
  keys: readonly string[];
  // The values the chart rendered with: its defaults, with the release's values over them.
  chartValues: Record<string, unknown> | null | undefined;
  manifestDiff: ManifestDiff;
}): PlanRefusal | null {
  if (!input.chartValues || !changesNothing(input.manifestDiff)) return null;
  const leaves = flattenValues(input.chartValues);
  const unknown = input.keys.filter((k) => !pathExists(leaves, k));
  if (unknown.length === 0) return null;
  const chartKeys = [...leaves.keys()];
  const suggestions = unknown.flatMap((k) =>
    nearestKeys(k, chartKeys).map((near) => `set ${near}=<value> on ${input.release.name}`),
  );
  return refuse(
    "nothing_to_change",
    "set-values",
    input.release,
    `${input.chart} has no value ${unknown.join(", ")}: helm would store it and change no object.`,
    suggestions.length > 0
      ? suggestions
      : [`Look at the chart's values ('values ${input.release.name}') for the key you mean.`],
  );
}
