// Objects a chart names with a random suffix (randAlphaNum): every render names them anew, so
// one is removed and another added on every upgrade. Paired here into one replacement, so the
// diff does not show a change of the release's shape that is only a new name.
import type { ObjectRef } from "./parse-manifest.ts";

export interface ReplacedObject {
  kind: string;
  namespace: string | null;
  from: string;
  to: string;
}

const RANDOM_SUFFIX = /^(.+)-[a-z0-9]{5,10}$/;

// Pairs a removed and an added object of one kind and namespace whose names differ only in a
// generated suffix ("web-warmup-x7k2p" → "web-warmup-q9d3m").
export function pairRandomNames(diff: {
  added: ObjectRef[];
  removed: ObjectRef[];
}): ReplacedObject[] {
  const replaced: ReplacedObject[] = [];
  for (const gone of [...diff.removed]) {
    const stem = RANDOM_SUFFIX.exec(gone.name)?.[1];
    if (!stem) continue;
    const twin = diff.added.find(
      (a) =>
        a.kind === gone.kind &&
        a.namespace === gone.namespace &&
        RANDOM_SUFFIX.exec(a.name)?.[1] === stem,
    );
    if (!twin) continue;
    diff.added.splice(diff.added.indexOf(twin), 1);
    diff.removed.splice(diff.removed.indexOf(gone), 1);
    replaced.push({ kind: gone.kind, namespace: gone.namespace, from: gone.name, to: twin.name });
  }
  return replaced;
}
