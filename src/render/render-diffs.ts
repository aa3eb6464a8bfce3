// Lines for the differences a plan shows: values leaf by leaf, objects by kind and name, and the
// container images that change. Values arrive redacted from plan/; they are shown as they are.
import type { ManifestDiff } from "../plan/diff-manifests.ts";
import type { ValueChange } from "../plan/diff-values.ts";
import type { ObjectRef } from "../plan/parse-manifest.ts";
import type { ManifestSummary } from "../plan/summarize-manifest.ts";
import { bold, bullets, capped, code, join, lines, md, plural, show } from "./markdown.ts";
import type { Markdown } from "./message.ts";

const MAX_LINES = 12;

export function objectName(ref: Pick<ObjectRef, "kind" | "namespace" | "name">): Markdown {
  return md`${ref.kind} ${code(ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name)}`;
}

export function valueChangeLine(change: ValueChange): Markdown {
  switch (change.change) {
    case "added":
      return md`＋ ${code(change.path)}: ${code(show(change.after))}`;
    case "removed":
      return md`－ ${code(change.path)} (was ${code(show(change.before))})`;
    case "changed":
      return md`～ ${code(change.path)}: ${code(show(change.before))} → ${code(show(change.after))}`;
  }
}

export function valueChanges(title: string, changes: readonly ValueChange[]): Markdown | null {
  if (changes.length === 0) return null;
  return md`${bold(title)}\n${bullets(capped(changes, MAX_LINES, valueChangeLine))}`;
}

export function imageChanges(diff: ManifestDiff): Markdown | null {
  if (diff.imageChanges.length === 0) return null;
  const items = diff.imageChanges.map(
    (i) =>
      md`${i.kind} ${code(`${i.name}/${i.container}`)}${i.subchart ? ` (subchart ${i.subchart})` : ""}: ${i.before ? code(i.before) : "(new)"} → ${i.after ? code(i.after) : "(removed)"}`,
  );
  return md`${bold(diff.imageChanges.length === 1 ? "Image change" : "Image changes")}\n${bullets(items)}`;
}

export function manifestChanges(diff: ManifestDiff): Markdown {
  const counts = [
    `${diff.added.length} added`,
    `${diff.changed.length} changed`,
    `${diff.removed.length} removed`,
    `${diff.unchanged} unchanged`,
  ].join(", ");
  const items = [
    ...diff.added.map((r) => md`＋ ${objectName(r)}`),
    ...diff.changed.map((c) => {
      const more = c.morePaths > 0 ? ` and ${plural(c.morePaths, "more field")}` : "";
      return md`～ ${objectName(c)}: ${join(c.paths.map(code), ", ")}${more}`;
    }),
    ...diff.removed.map((r) => md`－ ${objectName(r)}`),
    ...(diff.replaced ?? []).map(
      (r) =>
        md`↻ ${r.kind} ${code(r.from)} → ${code(r.to)}: the chart names it anew on every render, so each upgrade replaces it`,
    ),
  ];
  const head = md`${bold("Objects")}: ${counts}`;
  const held = diff.target ? manifestSummary(diff.target) : [];
  if (items.length === 0) return lines([head, ...held, "No object changes."]);
  return lines([head, ...held, bullets(capped(items, MAX_LINES, (l) => l))]);
}

// Counts by kind first (a big chart stays one line), then what lives outside the release's
// namespace, each named, cluster-scoped ones flagged: those surprise people.
export function manifestSummary(summary: ManifestSummary, lead = "After the change"): Markdown[] {
  if (summary.total === 0) return [];
  const kinds = summary.byKind.map((k) => `${k.count} ${k.kind}`).join(", ");
  const out: Markdown[] = [md`${lead}: ${plural(summary.total, "object")} (${kinds})`];
  const namespaces = summary.byNamespace.map((n) =>
    n.namespace === null ? `${n.count} cluster-scoped` : `${n.count} in ${n.namespace}`,
  );
  if (summary.byNamespace.length > 1) out.push(md`Where: ${namespaces.join(", ")}`);
  if (summary.elsewhere.length > 0) {
    const named = capped(summary.elsewhere, MAX_LINES, (r) =>
      r.namespace === null ? md`🌐 ${objectName(r)} (cluster-scoped)` : md`📍 ${objectName(r)}`,
    );
    out.push(md`${bold("Outside the release's namespace")}\n${bullets(named)}`);
  }
  for (const share of summary.subcharts) {
    const images = share.images.length === 0 ? "" : `; images ${share.images.join(", ")}`;
    out.push(md`Subchart ${code(share.chart)}: ${plural(share.objects, "object")}${images}`);
  }
  return out;
}
