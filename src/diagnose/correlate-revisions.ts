// Which revision brought the problem, and what changed in it. A problem of helm's own state
// (stuck, failed, a failed hook) belongs to the current revision. A workload problem belongs to
// the oldest revision, going back without a gap, whose pod templates for the failing workloads
// are the ones running now: every later revision only carried the breakage along. Pure.
import type { Correlation, ReleaseSnapshot } from "../model/diagnosis.ts";
import type { RevisionSnapshot } from "../model/release-snapshot.ts";
import { canonicalJson, isPlainObject } from "../plan/canonical-json.ts";
import { parseManifest } from "../plan/parse-manifest.ts";
import { describeChange, describeRevisionChanges } from "./describe-revision-changes.ts";
import { formatAgo } from "./format-age.ts";
import { historyEntry } from "./history-queries.ts";

export interface WorkloadName {
  kind: string;
  name: string;
}

const SHOWN_IN_SUMMARY = 3;

// The failing workloads' pod templates in one revision, as one comparable string.
function templatesKey(revision: RevisionSnapshot, failing: readonly WorkloadName[]): string {
  const templates: Record<string, unknown> = {};
  for (const { ref, body } of parseManifest(revision.manifest, "").objects) {
    if (!failing.some((f) => f.kind === ref.kind && f.name === ref.name)) continue;
    const spec = body.spec;
    templates[`${ref.kind}/${ref.name}`] = isPlainObject(spec) ? (spec.template ?? null) : null;
  }
  return canonicalJson(templates);
}

function introducingRevision(
  revisions: readonly RevisionSnapshot[],
  current: number,
  failing: readonly WorkloadName[],
): number {
  const byRevision = [...revisions].sort((a, b) => b.revision - a.revision);
  const newest = byRevision.find((r) => r.revision === current);
  if (newest === undefined || failing.length === 0) return current;
  const key = templatesKey(newest, failing);
  let introduced = current;
  for (const older of byRevision) {
    if (older.revision >= introduced) continue;
    // A gap in what was gathered: no claim beyond it.
    if (older.revision !== introduced - 1 || templatesKey(older, failing) !== key) break;
    introduced = older.revision;
  }
  return introduced;
}

export function correlateRevisions(
  snapshot: ReleaseSnapshot,
  failing: readonly WorkloadName[],
): Correlation | null {
  const status = snapshot.status;
  if (status === null) return null;
  const revision = introducingRevision(snapshot.revisions, status.revision, failing);
  const entry = historyEntry(snapshot.history, revision);
  const updated = entry?.updated ?? (revision === status.revision ? status.lastDeployed : null);
  const when = `revision ${revision}, ${formatAgo(updated, snapshot.takenAt)}`;
  const earlier = snapshot.revisions
    .filter((r) => r.revision < revision)
    .sort((a, b) => b.revision - a.revision)[0];
  if (earlier === undefined) {
    const why = revision === 1 ? "its first revision" : "no earlier revision was read";
    return { revision, comparedWith: null, updated, changes: [], summary: `${when} (${why})` };
  }
  const changes = describeRevisionChanges(
    { entry: historyEntry(snapshot.history, earlier.revision), revision: earlier },
    { entry, revision: snapshot.revisions.find((r) => r.revision === revision) ?? null },
  );
  const shown = changes.slice(0, SHOWN_IN_SUMMARY).map(describeChange);
  const more =
    changes.length > SHOWN_IN_SUMMARY ? ` and ${changes.length - SHOWN_IN_SUMMARY} more` : "";
  const what =
    changes.length === 0
      ? `nothing in chart, images or values changed from revision ${earlier.revision}`
      : `${shown.join(", ")}${more}`;
  return {
    revision,
    comparedWith: earlier.revision,
    updated,
    changes,
    summary: `${when}: ${what}`,
  };
}
