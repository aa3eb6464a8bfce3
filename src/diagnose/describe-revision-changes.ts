// What changed from one revision to the next: chart version, app version, container images (from
// the manifests) and user values (changed secrets only as "changed"). Pure.
import type { RevisionChange } from "../model/diagnosis.ts";
import { splitChart } from "../model/release.ts";
import type { RevisionSnapshot, SnapshotHistoryEntry } from "../model/release-snapshot.ts";
import { diffValues } from "../plan/diff-values.ts";
import { parseManifest } from "../plan/parse-manifest.ts";
import { REDACTED } from "../redact/redacted.ts";
import { templateImages, workloadShapeSchema } from "./read-live-objects.ts";

export interface RevisionSide {
  entry: SnapshotHistoryEntry | null;
  revision: RevisionSnapshot | null;
}

const MAX_SHOWN = 60;

function show(value: unknown): string | null {
  if (value === undefined) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function isHidden(value: unknown): boolean {
  // "REDACTED", "REDACTED (11 bytes)" (diffValues), "REDACTED#2" (a saved snapshot's token).
  return typeof value === "string" && value.startsWith(REDACTED);
}

// "Deployment web container app" -> image, for every workload container of a manifest.
export function manifestImages(manifest: string): Map<string, string> {
  const images = new Map<string, string>();
  for (const { ref, body } of parseManifest(manifest, "").objects) {
    const parsed = workloadShapeSchema.safeParse(body);
    if (!parsed.success) continue;
    for (const [container, image] of Object.entries(templateImages(parsed.data.spec))) {
      images.set(`${ref.kind} ${ref.name} container ${container}`, image);
    }
  }
  return images;
}

function chartChanges(before: RevisionSide, after: RevisionSide): RevisionChange[] {
  if (before.entry === null || after.entry === null) return [];
  const changes: RevisionChange[] = [];
  const a = splitChart(before.entry.chart);
  const b = splitChart(after.entry.chart);
  if (a.chartName !== b.chartName || a.chartVersion !== b.chartVersion) {
    const subject = a.chartName === b.chartName ? b.chartName : "chart";
    const from = a.chartName === b.chartName ? a.chartVersion : before.entry.chart;
    const to = a.chartName === b.chartName ? b.chartVersion : after.entry.chart;
    changes.push({ kind: "chart", subject, from, to, secret: false });
  }
  if (before.entry.appVersion !== after.entry.appVersion) {
    changes.push({
      kind: "app-version",
      subject: "app version",
      from: before.entry.appVersion || null,
      to: after.entry.appVersion || null,
      secret: false,
    });
  }
  return changes;
}

function imageChanges(before: RevisionSide, after: RevisionSide): RevisionChange[] {
  if (before.revision === null || after.revision === null) return [];
  const a = manifestImages(before.revision.manifest);
  const changes: RevisionChange[] = [];
  for (const [subject, image] of manifestImages(after.revision.manifest)) {
    const old = a.get(subject);
    if (old !== undefined && old !== image) {
      changes.push({ kind: "image", subject, from: old, to: image, secret: false });
    }
  }
  return changes;
}

function valueChanges(before: RevisionSide, after: RevisionSide): RevisionChange[] {
  if (before.revision === null || after.revision === null) return [];
  return diffValues(before.revision.values, after.revision.values).map((c) => {
    const secret = isHidden(c.before) || isHidden(c.after);
    return {
      kind: "values",
      subject: c.path,
      from: secret ? null : show(c.before),
      to: secret ? null : show(c.after),
      secret,
    };
  });
}

export function describeRevisionChanges(
  before: RevisionSide,
  after: RevisionSide,
): RevisionChange[] {
  return [
    ...valueChanges(before, after),
    ...chartChanges(before, after),
    ...imageChanges(before, after),
  ];
}

// "image.tag 1.4.2 → 1.5.0", "auth.password changed", "chart diag 1.0.0 → 1.1.0"
// "registry/web:1.4.2" → ["registry/web", "1.4.2"]; a digest or no tag keeps the whole image.
function splitImage(image: string): [string, string] | null {
  const match = /^(.+):([\w][\w.-]{0,127})$/.exec(image);
  return match?.[1] && match[2] && !match[1].endsWith("@sha256") ? [match[1], match[2]] : null;
}

function describeImage(change: RevisionChange): string {
  const a = splitImage(change.from ?? "");
  const b = splitImage(change.to ?? "");
  if (a !== null && b !== null && a[0] === b[0]) {
    return `${change.subject} image ${a[1]} → ${b[1]} (${a[0]})`;
  }
  return `${change.subject} image ${change.from ?? "none"} → ${change.to ?? "none"}`;
}

export function describeChange(change: RevisionChange): string {
  if (change.kind === "image") return describeImage(change);
  if (change.secret) return `${change.subject} changed (a secret: not shown)`;
  if (change.from === null) return `${change.subject} set to ${change.to ?? "null"}`;
  if (change.to === null) return `${change.subject} removed (was ${change.from})`;
  return `${change.subject} ${change.from} → ${change.to}`;
}
