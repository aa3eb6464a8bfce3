// Object-level difference between the manifest running now and the one a change would apply:
// added, removed and changed objects by kind/namespace/name, with the changed field paths (never
// values; a changed secret shows its length only, "REDACTED (24 bytes) → REDACTED (31 bytes)")
// and every container image change called out.
import { byteLength, redactedSize } from "../redact/redacted.ts";
import { isSensitiveKeyPath } from "../redact/sensitive-key.ts";
import { deepEqual, isPlainObject } from "./canonical-json.ts";
import { pairRandomNames, type ReplacedObject } from "./pair-random-names.ts";
import {
  containerImages,
  type ManifestObject,
  type ObjectRef,
  objectKey,
  parseManifest,
} from "./parse-manifest.ts";
import { type ManifestSummary, summarizeManifest } from "./summarize-manifest.ts";

export interface ChangedObject extends ObjectRef {
  paths: string[];
  // Paths beyond the ones listed, so a long list stays readable.
  morePaths: number;
}

export interface ImageChange {
  // The subchart whose template sets the image; absent for the chart's own.
  subchart?: string;
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
  // Objects a chart names with a random suffix (randAlphaNum): every render names them anew,
  // so one is removed and another added on every upgrade. Shown as one replacement, not as a
  // change of the release's shape; absent on plans made before it was recorded.
  replaced?: ReplacedObject[];
  // What the manifest after the change holds (counts by kind, namespaces, subcharts); absent on
  // plans made before it was recorded.
  target?: ManifestSummary;
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

interface ChangedLeaf {
  path: string;
  // The keys on the way, for the redaction rules: env[DB_PASSWORD].value -> [..., "DB_PASSWORD", "value"].
  keys: string[];
  before: unknown;
  after: unknown;
}

function changedLeaves(
  before: unknown,
  after: unknown,
  path = "",
  keys: string[] = [],
): ChangedLeaf[] {
  if (deepEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return names.flatMap((k) =>
      changedLeaves(before[k], after[k], fieldPath(path, k), [...keys, k]),
    );
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const a = new Map(before.map((item, i) => [itemKey(item, i), item]));
    const b = new Map(after.map((item, i) => [itemKey(item, i), item]));
    const names = [...new Set([...a.keys(), ...b.keys()])];
    return names.flatMap((k) =>
      changedLeaves(a.get(k), b.get(k), `${path}${k}`, [...keys, k.slice(1, -1)]),
    );
  }
  return [{ path, keys, before, after }];
}

export function changedPaths(before: unknown, after: unknown, path = ""): string[] {
  return changedLeaves(before, after, path).map((leaf) => leaf.path);
}

// A Secret's data is base64: its length is that of the decoded bytes.
function secretBytes(value: unknown, base64: boolean): string {
  if (value === undefined || value === null) return "(none)";
  if (!base64 || typeof value !== "string") return redactedSize(byteLength(value));
  const body = value.replace(/\s+/g, "");
  const padding = body.endsWith("==") ? 2 : body.endsWith("=") ? 1 : 0;
  return redactedSize(Math.max(0, Math.floor((body.length * 3) / 4) - padding));
}

// The path as shown: a secret that changed says so, with lengths and nothing else.
function shownPath(leaf: ChangedLeaf, isSecret: boolean): string {
  const field = leaf.keys[0];
  const secretData = isSecret && (field === "data" || field === "stringData");
  if (!secretData && !isSensitiveKeyPath(leaf.keys)) return leaf.path;
  if (typeof leaf.before === "object" && leaf.before !== null) return leaf.path;
  if (typeof leaf.after === "object" && leaf.after !== null) return leaf.path;
  const base64 = secretData && field === "data";
  return `${leaf.path}: ${secretBytes(leaf.before, base64)} → ${secretBytes(leaf.after, base64)}`;
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
      const subchart = (after ?? before)?.subchart;
      changes.push({
        ...(subchart ? { subchart } : {}),
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
    const isSecret = object.ref.kind === "Secret";
    const paths = changedLeaves(previous.body, object.body).map((l) => shownPath(l, isSecret));
    if (paths.length === 0) diff.unchanged++;
    else
      diff.changed.push({
        ...refOf(object),
        paths: paths.slice(0, MAX_PATHS),
        morePaths: Math.max(0, paths.length - MAX_PATHS),
      });
  }
  for (const [key, object] of old) if (!next.has(key)) diff.removed.push(refOf(object));
  const replaced = pairRandomNames(diff);
  return replaced.length === 0 ? diff : { ...diff, replaced };
}

export function diffManifests(before: string, after: string, namespace: string): ManifestDiff {
  const next = parseManifest(after, namespace).objects;
  return {
    ...diffManifestObjects(parseManifest(before, namespace).objects, next),
    target: summarizeManifest(next, namespace),
  };
}
