// Object-level difference between the manifest running now and the one a change would apply:
// added, removed and changed objects by kind/namespace/name, with the changed field paths (never
// values: a Secret's data may change) and every container image change called out.
import { deepEqual, isPlainObject } from "./canonical-json.ts";
import {
  containerImages,
  type ManifestObject,
  type ObjectRef,
  objectKey,
  parseManifest,
} from "./parse-manifest.ts";

export interface ChangedObject extends ObjectRef {
  paths: string[];
  // Paths beyond the ones listed, so a long list stays readable.
  morePaths: number;
}

export interface ImageChange {
  kind: string;
  namespace: string | null;
  name: string;
  container: string;
  before: string | null;
  after: string | null;
}

export interface ManifestDiff {
  added: ObjectRef[];
  removed: ObjectRef[];
  changed: ChangedObject[];
  unchanged: number;
  imageChanges: ImageChange[];
}

const MAX_PATHS = 8;

// Arrays of named items (containers, env, ports, volumes) are matched by name, others by index.
function itemKey(item: unknown, index: number): string {
  return isPlainObject(item) && typeof item.name === "string" ? `[${item.name}]` : `[${index}]`;
}

// Label and annotation keys hold dots and slashes: metadata.labels["helm.sh/chart"].
function fieldPath(parent: string, key: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

export function changedPaths(before: unknown, after: unknown, path = ""): string[] {
  if (deepEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedPaths(before[k], after[k], fieldPath(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const a = new Map(before.map((item, i) => [itemKey(item, i), item]));
    const b = new Map(after.map((item, i) => [itemKey(item, i), item]));
    const keys = [...new Set([...a.keys(), ...b.keys()])];
    return keys.flatMap((k) => changedPaths(a.get(k), b.get(k), `${path}${k}`));
  }
  return [path];
}

function refOf(object: ManifestObject): ObjectRef {
  return { ...object.ref };
}

function imageChanges(
  before: ManifestObject | undefined,
  after: ManifestObject | undefined,
): ImageChange[] {
  const a = before ? containerImages(before.body) : new Map<string, string>();
  const b = after ? containerImages(after.body) : new Map<string, string>();
  const ref = (after ?? before)?.ref;
  if (!ref) return [];
  const changes: ImageChange[] = [];
  for (const container of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(container) ?? null;
    const will = b.get(container) ?? null;
    if (was !== will && will !== null) {
      changes.push({
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        container,
        before: was,
        after: will,
      });
    }
  }
  return changes;
}

export function diffManifestObjects(
  before: readonly ManifestObject[],
  after: readonly ManifestObject[],
): ManifestDiff {
  const old = new Map(before.map((o) => [objectKey(o.ref), o]));
  const next = new Map(after.map((o) => [objectKey(o.ref), o]));
  const diff: ManifestDiff = {
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
    imageChanges: [],
  };
  for (const [key, object] of next) {
    const previous = old.get(key);
    diff.imageChanges.push(...imageChanges(previous, object));
    if (!previous) {
      diff.added.push(refOf(object));
      continue;
    }
    const paths = changedPaths(previous.body, object.body);
    if (paths.length === 0) diff.unchanged++;
    else
      diff.changed.push({
        ...refOf(object),
        paths: paths.slice(0, MAX_PATHS),
        morePaths: Math.max(0, paths.length - MAX_PATHS),
      });
  }
  for (const [key, object] of old) if (!next.has(key)) diff.removed.push(refOf(object));
  return diff;
}

export function diffManifests(before: string, after: string, namespace: string): ManifestDiff {
  return diffManifestObjects(
    parseManifest(before, namespace).objects,
    parseManifest(after, namespace).objects,
  );
}
