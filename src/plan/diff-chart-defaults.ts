// What a new chart version's default values mean for the values a person set: keys whose
// default moved, keys the new chart no longer has (their value would be ignored or refused),
// and keys that look renamed (one gone, a sibling added with the same default).
import { deepEqual, isPlainObject } from "./canonical-json.ts";
import {
  diffValues,
  flattenValues,
  pathExists,
  redactLeaf,
  splitPath,
  type ValueChange,
} from "./diff-values.ts";

export interface RenamedKey {
  from: string;
  to: string;
}

export interface UserKeyEffect {
  path: string;
  yourValue: unknown;
  // replaced-by-map: the chart now takes a map where your value is a single one ("image:
  // repo:tag" became image.repository and image.tag); helm skips yours, with only a warning.
  effect: "default-changed" | "removed-from-chart" | "renamed" | "replaced-by-map";
  defaultBefore?: unknown;
  defaultAfter?: unknown;
  renamedTo?: string;
  // replaced-by-map: the keys the chart reads instead.
  replacedBy?: string[];
}

export interface ChartDefaultsDiff {
  defaultChanges: ValueChange[];
  renamedKeys: RenamedKey[];
  userKeys: UserKeyEffect[];
}

const MAX_DEFAULT_CHANGES = 50;

function parentOf(path: string): string {
  const parts = splitPath(path);
  return parts.slice(0, -1).join("\u0000");
}

function lastSegment(path: string): string {
  return splitPath(path).at(-1) ?? path;
}

// The leaves under a path that is a map: "image" -> ["image.repository", "image.tag"].
function childrenOf(leaves: ReadonlyMap<string, unknown>, path: string): string[] {
  return [...leaves.keys()].filter((k) => k.startsWith(`${path}.`));
}

// A removed leaf and an added key with an equal default: a sibling ("replicaCount: 2" ->
// "replicas: 2") or the same name under another parent ("controller.replicaCount"). Failing
// those, a parent that lost exactly one key and gained exactly one is read as a rename of it
// ("verbose: false" -> "logLevel: info").
export function findRenamedKeys(oldDefaults: unknown, newDefaults: unknown): RenamedKey[] {
  const before = flattenValues(oldDefaults);
  const after = flattenValues(newDefaults);
  const removed = [...before.keys()].filter((p) => !after.has(p) && !pathExists(after, p));
  const added = [...after.keys()].filter((p) => !before.has(p) && !pathExists(before, p));
  const renamed: RenamedKey[] = [];
  const taken = new Set<string>();
  const unique = (list: string[]) => (list.length === 1 ? list[0] : undefined);
  for (const from of removed) {
    const same = (to: string) => !taken.has(to) && deepEqual(after.get(to), before.get(from));
    const to =
      unique(added.filter((to) => parentOf(to) === parentOf(from) && same(to))) ??
      unique(added.filter((to) => lastSegment(to) === lastSegment(from) && same(to)));
    if (to === undefined) continue;
    renamed.push({ from, to });
    taken.add(to);
  }
  const left = removed.filter((from) => !renamed.some((r) => r.from === from));
  const fresh = added.filter((to) => !taken.has(to));
  for (const from of left) {
    const lost = left.filter((p) => parentOf(p) === parentOf(from));
    const gained = fresh.filter((to) => parentOf(to) === parentOf(from));
    const to = lost.length === 1 ? unique(gained) : undefined;
    if (to !== undefined) renamed.push({ from, to });
  }
  return renamed;
}

export function diffChartDefaults(
  oldDefaults: unknown,
  newDefaults: unknown,
  userValues: unknown,
): ChartDefaultsDiff {
  const before = flattenValues(oldDefaults);
  const after = flattenValues(newDefaults);
  const renamedKeys = findRenamedKeys(oldDefaults, newDefaults);
  const userKeys: UserKeyEffect[] = [];
  for (const [path, value] of flattenValues(userValues)) {
    const yourValue = redactLeaf(path, value);
    const rename = renamedKeys.find((r) => r.from === path);
    if (rename) {
      userKeys.push({
        path,
        yourValue,
        effect: "renamed",
        renamedTo: rename.to,
        defaultBefore: redactLeaf(path, before.get(path)),
      });
      continue;
    }
    const wasKnown = pathExists(before, path);
    const isKnown = pathExists(after, path);
    const replacedBy = childrenOf(after, path);
    if (!isPlainObject(value) && before.has(path) && !after.has(path) && replacedBy.length > 0) {
      userKeys.push({
        path,
        yourValue,
        effect: "replaced-by-map",
        replacedBy,
        defaultBefore: redactLeaf(path, before.get(path)),
      });
      continue;
    }
    if (wasKnown && !isKnown) {
      userKeys.push({
        path,
        yourValue,
        effect: "removed-from-chart",
        defaultBefore: redactLeaf(path, before.get(path)),
      });
    } else if (
      before.has(path) &&
      after.has(path) &&
      !deepEqual(before.get(path), after.get(path))
    ) {
      userKeys.push({
        path,
        yourValue,
        effect: "default-changed",
        defaultBefore: redactLeaf(path, before.get(path)),
        defaultAfter: redactLeaf(path, after.get(path)),
      });
    }
  }
  return {
    defaultChanges: diffValues(oldDefaults, newDefaults).slice(0, MAX_DEFAULT_CHANGES),
    renamedKeys,
    userKeys,
  };
}
