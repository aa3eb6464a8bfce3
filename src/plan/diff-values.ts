// Leaf-by-leaf differences between two values trees (helm values, or any JSON), redacted so a
// diff can be shown: a changed password is reported as changed with its length, the way
// helm-diff does ("REDACTED (24 bytes)"), never with its value or a hash of it.

import { redactValues } from "../redact/redact-values.ts";
import { byteLength, REDACTED, redactedSize } from "../redact/redacted.ts";
import { deepEqual, isPlainObject } from "./canonical-json.ts";

export interface ValueChange {
  path: string;
  change: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

// Dots inside a key are escaped the way helm's --set reads them: "a\.b".
export function joinPath(prefix: string, key: string): string {
  const escaped = key.replace(/\./g, "\\.");
  return prefix === "" ? escaped : `${prefix}.${escaped}`;
}

export function splitPath(path: string): string[] {
  return path.split(/(?<!\\)\./).map((part) => part.replace(/\\\./g, "."));
}

// Maps and scalars down to leaves; arrays and empty maps are leaves of their own.
export function flattenValues(values: unknown, prefix = ""): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  const walk = (node: unknown, path: string) => {
    if (isPlainObject(node) && Object.keys(node).length > 0) {
      for (const [key, child] of Object.entries(node)) walk(child, joinPath(path, key));
    } else if (path !== "") {
      leaves.set(path, node);
    }
  };
  walk(values, prefix);
  return leaves;
}

// The value as it may be shown: hidden by its key path (any sensitive segment), its shape, or
// the secrets inside it (redact/ decides).
export function redactLeaf(path: string, value: unknown): unknown {
  return redactValues(
    value,
    splitPath(path).map((p) => p.replace(/\[\d+\]$/, "")),
  );
}

// A hidden scalar is shown with its length, so a change is visible without its content.
function shownInDiff(path: string, value: unknown): unknown {
  const shown = redactLeaf(path, value);
  return shown === REDACTED ? redactedSize(byteLength(value)) : shown;
}

export function redactChange(change: ValueChange): ValueChange {
  const out: ValueChange = { path: change.path, change: change.change };
  if ("before" in change) out.before = shownInDiff(change.path, change.before);
  if ("after" in change) out.after = shownInDiff(change.path, change.after);
  return out;
}

export function diffValues(before: unknown, after: unknown): ValueChange[] {
  const a = flattenValues(before);
  const b = flattenValues(after);
  const changes: ValueChange[] = [];
  for (const [path, value] of a) {
    if (!b.has(path)) changes.push({ path, change: "removed", before: value });
    else if (!deepEqual(value, b.get(path))) {
      changes.push({ path, change: "changed", before: value, after: b.get(path) });
    }
  }
  for (const [path, value] of b) {
    if (!a.has(path)) changes.push({ path, change: "added", after: value });
  }
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0)).map(redactChange);
}

// True when the path, or one of its ancestors, is a key of the tree: "podLabels.team" exists in
// a chart whose default is "podLabels: {}".
export function pathExists(leaves: ReadonlyMap<string, unknown>, path: string): boolean {
  const parts = splitPath(path);
  for (let i = parts.length; i > 0; i--) {
    const prefix = parts.slice(0, i).reduce((acc, p) => joinPath(acc, p), "");
    if (leaves.has(prefix)) return true;
  }
  for (const key of leaves.keys()) if (key.startsWith(`${path}.`)) return true;
  return false;
}
