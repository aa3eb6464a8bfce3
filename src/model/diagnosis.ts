// The Diagnosis contract (shared/DESIGN.md "Diagnosis"): what `wheelhouse diagnose --json`
// prints and what alerts, the watcher and Slack show. Findings and the one recommendation come
// from deterministic rules over a ReleaseSnapshot; a model may only add an explanation.
import type { ReleaseRef } from "./release.ts";

export type {
  HookSnapshot,
  ReleaseSnapshot,
  RevisionSnapshot,
  SnapshotHistoryEntry,
  SnapshotLog,
  SnapshotReadError,
  SnapshotStatus,
} from "./release-snapshot.ts";

export const FINDING_CODES = [
  "healthy",
  "stuck-pending-install",
  "stuck-pending-upgrade",
  "stuck-pending-rollback",
  "failed-release",
  "failed-hook",
  "crash-loop",
  "image-pull",
  "oom-killed",
  "unschedulable",
  "not-ready",
  "drift",
  "owned-by-gitops",
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  code: FindingCode;
  severity: Severity;
  // One line a person reads first.
  summary: string;
  // Facts behind the summary, one per line, already redacted.
  evidence: string[];
}

export type RecommendedOperation = "rollback" | "uninstall" | "none";

export interface Recommendation {
  operation: RecommendedOperation;
  // rollback: the revision to go back to; null otherwise.
  targetRevision: number | null;
  reason: string;
}

// What changed between two revisions, for "revision 7, 2 h ago: image.tag 1.4.2 → 1.5.0".
export interface RevisionChange {
  // "chart", "app version", "image", "values"
  kind: "chart" | "app-version" | "image" | "values";
  // chart name, container ("web/app"), dotted values key.
  subject: string;
  // null: absent on that side; secret values are never shown (both null, `secret` true).
  from: string | null;
  to: string | null;
  secret: boolean;
}

export interface Correlation {
  // The revision that introduced the problem, and the one it is compared with.
  revision: number;
  comparedWith: number | null;
  updated: string | null;
  changes: RevisionChange[];
  // "revision 7, 2 h ago: image.tag 1.4.2 → 1.5.0"
  summary: string;
}

export interface DiagnosedRelease extends ReleaseRef {
  // null when helm has no such release.
  revision: number | null;
  chart: string | null;
  appVersion: string | null;
  updated: string | null;
}

export interface Diagnosis {
  release: DiagnosedRelease;
  // helm's status of the release ("deployed", "pending-upgrade", …; "not-found").
  status: string;
  // Most severe first; exactly one `healthy` finding when nothing is wrong.
  findings: Finding[];
  recommendation: Recommendation | null;
  correlation: Correlation | null;
  // What the rules looked at, in plain words ("helm status and history", "3 pods").
  checked: string[];
  // The snapshot's time: ages ("stuck for 2 h") are measured from it.
  diagnosedAt: string;
  // Optional two sentences from the model; null without one. Never decides anything.
  explanation: string | null;
}

// The contract's JSON (DESIGN.md): exactly these keys at the top level.
export interface DiagnosisJson {
  release: DiagnosedRelease;
  status: string;
  findings: Finding[];
  recommendation: Recommendation | null;
}

export function toDiagnosisJson(diagnosis: Diagnosis): DiagnosisJson {
  return {
    release: diagnosis.release,
    status: diagnosis.status,
    findings: diagnosis.findings,
    recommendation: diagnosis.recommendation,
  };
}

// What alerts, the watcher and Slack call: one release in, one diagnosis out.
export type DiagnoseRelease = (release: ReleaseRef) => Promise<Diagnosis>;
