// Lines for the differences a plan shows: values leaf by leaf, objects by kind and name, and the
// container images that change. Values arrive redacted from plan/; they are shown as they are.
import type { ManifestDiff } from "../plan/diff-manifests.ts";
import type { ValueChange } from "../plan/diff-values.ts";
import type { ObjectRef } from "../plan/parse-manifest.ts";
import { bold, bullets, capped, code, plural, show } from "./markdown.ts";

const MAX_LINES = 12;

export function objectName(ref: Pick<ObjectRef, "kind" | "namespace" | "name">): string {
  return `${ref.kind} ${code(ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name)}`;
}

export function valueChangeLine(change: ValueChange): string {
  switch (change.change) {
    case "added":
      return `＋ ${code(change.path)}: ${code(show(change.after))}`;
    case "removed":
      return `－ ${code(change.path)} (was ${code(show(change.before))})`;
    case "changed":
      return `～ ${code(change.path)}: ${code(show(change.before))} → ${code(show(change.after))}`;
  }
}

export function valueChanges(title: string, changes: readonly ValueChange[]): string | null {
  if (changes.length === 0) return null;
  return `${bold(title)}\n${bullets(capped(changes, MAX_LINES, valueChangeLine))}`;
}

export function imageChanges(diff: ManifestDiff): string | null {
  if (diff.imageChanges.length === 0) return null;
  const lines = diff.imageChanges.map(
    (i) =>
      `${i.kind} ${code(`${i.name}/${i.container}`)}: ${i.before ? code(i.before) : "(new)"} → ${i.after ? code(i.after) : "(removed)"}`,
  );
  return `${bold(diff.imageChanges.length === 1 ? "Image change" : "Image changes")}\n${bullets(lines)}`;
}

export function manifestChanges(diff: ManifestDiff): string {
  const counts = [
    `${diff.added.length} added`,
    `${diff.changed.length} changed`,
    `${diff.removed.length} removed`,
    `${diff.unchanged} unchanged`,
  ].join(", ");
  const lines = [
    ...diff.added.map((r) => `＋ ${objectName(r)}`),
    ...diff.changed.map((c) => {
      const more = c.morePaths > 0 ? ` and ${plural(c.morePaths, "more field")}` : "";
      return `～ ${objectName(c)}: ${c.paths.map(code).join(", ")}${more}`;
    }),
    ...diff.removed.map((r) => `－ ${objectName(r)}`),
  ];
  const head = `${bold("Objects")}: ${counts}`;
  if (lines.length === 0) return `${head}\nNo object changes.`;
  return `${head}\n${bullets(capped(lines, MAX_LINES, (l) => l))}`;
}
