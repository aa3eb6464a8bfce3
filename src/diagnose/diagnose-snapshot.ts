// A release snapshot in, a Diagnosis out: helm's state, hooks, workloads, GitOps ownership and
// drift as findings, the revision that brought the problem, and one recommendation. Pure and
// deterministic: the same snapshot always gives the same diagnosis. Every line is redacted.
import type { Diagnosis, Finding, ReleaseSnapshot, Severity } from "../model/diagnosis.ts";
import { FINDING_CODES } from "../model/diagnosis.ts";
import { findGitOpsOwner, manifestMarks } from "../plan/find-gitops-owner.ts";
import { redactText } from "../redact/redact-text.ts";
import { correlateRevisions } from "./correlate-revisions.ts";
import { findDrift } from "./find-drift.ts";
import { findHookFindings } from "./find-hook-findings.ts";
import { findReleaseStateFindings } from "./find-release-state-findings.ts";
import { findWorkloadFindings } from "./find-workload-findings.ts";
import { gitOpsFinding } from "./git-ops-finding.ts";
import { historyEntry } from "./history-queries.ts";
import { readLiveWorkloads } from "./read-live-objects.ts";
import { recommendAction } from "./recommend-action.ts";
import { whatWasChecked } from "./what-was-checked.ts";

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
// Reads without which "healthy" cannot be claimed.
const ESSENTIAL_READS = /^(helm history|helm manifest|workloads|pods)/;

// The verdict first when it is "healthy"; otherwise the most severe first.
function ordered(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        Number(b.f.code === "healthy") - Number(a.f.code === "healthy") ||
        SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] ||
        FINDING_CODES.indexOf(a.f.code) - FINDING_CODES.indexOf(b.f.code) ||
        a.i - b.i,
    )
    .map(({ f }) => ({
      ...f,
      summary: redactText(f.summary),
      evidence: f.evidence.map((line) => redactText(line)),
    }));
}

function notFound(snapshot: ReleaseSnapshot): Diagnosis {
  return {
    release: { ...snapshot.release, revision: null, chart: null, appVersion: null, updated: null },
    status: "not-found",
    findings: [],
    recommendation: null,
    correlation: null,
    checked: whatWasChecked(snapshot, []),
    diagnosedAt: snapshot.takenAt,
    explanation: null,
  };
}

export function diagnoseSnapshot(snapshot: ReleaseSnapshot): Diagnosis {
  const status = snapshot.status;
  if (status === null) return notFound(snapshot);
  const { name, namespace } = snapshot.release;
  const live = readLiveWorkloads(snapshot.workloads);
  const manifest = snapshot.revisions.find((r) => r.revision === status.revision)?.manifest ?? "";
  const workloadFindings = findWorkloadFindings(snapshot, live);
  const gitops = findGitOpsOwner([
    ...manifestMarks(manifest),
    ...live.map((w) => ({
      object: `${w.kind} ${w.name}`,
      labels: w.labels,
      annotations: w.annotations,
    })),
  ]);
  const blind = snapshot.readErrors.some((e) => ESSENTIAL_READS.test(e.read));
  const findings = [
    ...findReleaseStateFindings(snapshot),
    ...findHookFindings(snapshot),
    ...workloadFindings.map((w) => w.finding),
    ...(status.status === "deployed" && !blind ? findDrift(manifest, namespace, live) : []),
    ...(gitops === null ? [] : [gitOpsFinding(gitops, name)]),
  ];
  const failing = [...new Set(workloadFindings.map((w) => w.workload))];
  const checked = whatWasChecked(snapshot, live);
  // GitOps ownership and changed images are worth knowing, not a reason to call it unhealthy.
  const problems = findings.filter(
    (f) => f.code !== "owned-by-gitops" && !(f.code === "drift" && f.severity !== "critical"),
  );
  if (problems.length === 0 && !blind && status.status === "deployed") {
    findings.unshift({
      code: "healthy",
      severity: "info",
      summary: `${name} is ${status.status} at revision ${status.revision} (${status.chart}) and every workload is rolled out and ready`,
      evidence: checked,
    });
  }
  const correlation = problems.length === 0 ? null : correlateRevisions(snapshot, failing);
  const sorted = ordered(findings);
  const recommendation = recommendAction({
    snapshot,
    findings: sorted,
    correlation,
    gitops,
    checked,
  });
  const entry = historyEntry(snapshot.history, status.revision);
  return {
    release: {
      name,
      namespace,
      revision: status.revision,
      chart: status.chart,
      appVersion: status.appVersion || null,
      updated: entry?.updated ?? status.lastDeployed,
    },
    status: status.status,
    findings: sorted,
    recommendation:
      recommendation === null
        ? null
        : { ...recommendation, reason: redactText(recommendation.reason) },
    correlation:
      correlation === null ? null : { ...correlation, summary: redactText(correlation.summary) },
    checked,
    diagnosedAt: snapshot.takenAt,
    explanation: null,
  };
}
