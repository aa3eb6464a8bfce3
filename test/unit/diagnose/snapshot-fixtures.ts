// Snapshots captured from the test cluster (test/fixtures/diagnose/snapshots, written by
// `wheelhouse diagnose --save-snapshot` after helm itself broke each release), and small edits
// of them for the cases a cluster cannot show cheaply.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ReleaseSnapshot,
  releaseSnapshotSchema,
} from "../../../src/model/release-snapshot.ts";

const DIR = join(import.meta.dirname, "..", "..", "fixtures", "diagnose", "snapshots");

export function loadSnapshot(name: string): ReleaseSnapshot {
  return releaseSnapshotSchema.parse(JSON.parse(readFileSync(join(DIR, `${name}.json`), "utf8")));
}

// A captured snapshot with changes: a deep copy, so fixtures never leak between tests.
export function editSnapshot(name: string, edit: (s: ReleaseSnapshot) => void): ReleaseSnapshot {
  const snapshot = structuredClone(loadSnapshot(name));
  edit(snapshot);
  return releaseSnapshotSchema.parse(snapshot);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

// A JSON object's field, walked by keys (array indexes too), for edits of raw objects.
export function at(object: unknown, ...path: Array<string | number>): Record<string, unknown> {
  let node: unknown = object;
  for (const key of path) {
    if (!isRecord(node)) throw new Error(`no ${String(key)} in the fixture`);
    node = Reflect.get(node, key);
  }
  if (!isRecord(node)) throw new Error(`${path.join(".")} is not an object in the fixture`);
  return node;
}
