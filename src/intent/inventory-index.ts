// Lookup tables over the release inventory, built once per inventory object, so that
// resolving a name stays fast at 10,000 releases: maps for exact names, chart names, name
// segments and namespaces, a sorted list for prefixes, and length buckets for typos.
import { type ReleaseSummary, splitChart } from "../model/release.ts";

export interface InventoryIndex {
  size: number;
  byName: ReadonlyMap<string, readonly ReleaseSummary[]>;
  // "certmanager" -> releases named "cert-manager": people drop the hyphen.
  byCompactName: ReadonlyMap<string, readonly ReleaseSummary[]>;
  byChart: ReadonlyMap<string, readonly ReleaseSummary[]>;
  // "frontend" -> releases "shop-frontend", "web-frontend".
  bySegment: ReadonlyMap<string, readonly ReleaseSummary[]>;
  byNamespace: ReadonlyMap<string, readonly ReleaseSummary[]>;
  // Distinct release and chart names, sorted, for prefix search.
  sortedKeys: readonly string[];
  // Distinct release and chart names grouped by length, for typo search.
  keysByLength: ReadonlyMap<number, readonly string[]>;
  // Name parts grouped by length, for typos in a part ("gatewy").
  segmentsByLength: ReadonlyMap<number, readonly string[]>;
  // Letter counts of each key and part: a cheap bound that skips most edit-distance computations.
  letterCounts: ReadonlyMap<string, Uint8Array>;
  namespaces: readonly string[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const SLOTS = 39;

// Where a character is counted: a-z, 0-9, '-', '.', and one slot for anything else.
function slotOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 48 + 26;
  if (code === 45) return 36;
  if (code === 46) return 37;
  return 38;
}

// How often each character occurs in a word.
export function countLetters(word: string): Uint8Array {
  const counts = new Uint8Array(SLOTS);
  for (let i = 0; i < word.length; i++) {
    const slot = slotOf(word.charCodeAt(i));
    counts[slot] = Math.min(255, (counts[slot] ?? 0) + 1);
  }
  return counts;
}

// Each edit changes the letter counts by at most 2, so a larger gap rules a key out.
export function lettersWithin(a: Uint8Array, b: Uint8Array, edits: number): boolean {
  let gap = 0;
  for (let i = 0; i < a.length; i++) {
    gap += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    if (gap > 2 * edits) return false;
  }
  return true;
}

const cache = new WeakMap<readonly ReleaseSummary[], InventoryIndex>();

export function buildInventoryIndex(inventory: readonly ReleaseSummary[]): InventoryIndex {
  const byName = new Map<string, ReleaseSummary[]>();
  const byCompactName = new Map<string, ReleaseSummary[]>();
  const byChart = new Map<string, ReleaseSummary[]>();
  const bySegment = new Map<string, ReleaseSummary[]>();
  const byNamespace = new Map<string, ReleaseSummary[]>();
  for (const release of inventory) {
    const name = release.name.toLowerCase();
    push(byName, name, release);
    if (name.includes("-")) {
      push(byCompactName, name.replaceAll("-", ""), release);
      for (const segment of new Set(name.split("-"))) {
        if (segment.length >= 3) push(bySegment, segment, release);
      }
    }
    const chartName = splitChart(release.chart).chartName.toLowerCase();
    if (chartName) push(byChart, chartName, release);
    push(byNamespace, release.namespace.toLowerCase(), release);
  }
  const keys = new Set([...byName.keys(), ...byChart.keys()]);
  const keysByLength = new Map<number, string[]>();
  const letterCounts = new Map<string, Uint8Array>();
  for (const key of keys) {
    push(keysByLength, key.length, key);
    letterCounts.set(key, countLetters(key));
  }
  const segmentsByLength = new Map<number, string[]>();
  for (const segment of bySegment.keys()) {
    push(segmentsByLength, segment.length, segment);
    if (!letterCounts.has(segment)) letterCounts.set(segment, countLetters(segment));
  }
  return {
    size: inventory.length,
    byName,
    byCompactName,
    byChart,
    bySegment,
    byNamespace,
    sortedKeys: [...keys].sort(),
    keysByLength,
    segmentsByLength,
    letterCounts,
    namespaces: [...byNamespace.keys()].sort(),
  };
}

// The inventory is read-only data that lives for many messages: index it once.
export function getInventoryIndex(inventory: readonly ReleaseSummary[]): InventoryIndex {
  let index = cache.get(inventory);
  if (!index) {
    index = buildInventoryIndex(inventory);
    cache.set(inventory, index);
  }
  return index;
}

// Releases known under a release or chart name.
export function releasesForKey(index: InventoryIndex, key: string): readonly ReleaseSummary[] {
  const byName = index.byName.get(key) ?? [];
  const byChart = index.byChart.get(key) ?? [];
  if (byChart.length === 0) return byName;
  if (byName.length === 0) return byChart;
  return [...new Set([...byName, ...byChart])];
}

// Keys (release or chart names) that start with prefix, found by binary search.
export function keysWithPrefix(index: InventoryIndex, prefix: string, limit = 50): string[] {
  const keys = index.sortedKeys;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? "") < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < keys.length && out.length < limit; i++) {
    const key = keys[i] ?? "";
    if (!key.startsWith(prefix)) break;
    out.push(key);
  }
  return out;
}
