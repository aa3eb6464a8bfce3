// What is wrong with the release's running parts: for each Deployment, StatefulSet and DaemonSet,
// its pods' problems grouped by code (crash-loop, image-pull, oom-killed, unschedulable,
// not-ready), with the pod states, Warning events and log tails as evidence. Pure.
import type { Finding, ReleaseSnapshot } from "../model/diagnosis.ts";
import { classifyPodIssues, type PodIssue, type PodIssueCode } from "./classify-pod-issues.ts";
import { type LiveWorkload, podsOf } from "./read-live-objects.ts";
import { selectWarningEvents } from "./select-warning-events.ts";

const ORDER: PodIssueCode[] = [
  "oom-killed",
  "crash-loop",
  "image-pull",
  "unschedulable",
  "not-ready",
];
const LOG_LINES = 5;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function describeIssue(issue: PodIssue): string {
  const where = issue.container === null ? issue.pod : `${issue.pod}/${issue.container}`;
  const parts = [issue.reason];
  if (issue.lastReason !== null && issue.lastReason !== issue.reason) {
    parts.push(`last ended ${issue.lastReason}`);
  }
  if (issue.exitCode !== null) parts.push(`exit code ${issue.exitCode}`);
  if (issue.restarts > 0) parts.push(plural(issue.restarts, "restart"));
  if (issue.code === "oom-killed" && issue.memoryLimit !== null) {
    parts.push(`memory limit ${issue.memoryLimit}`);
  }
  const message = issue.message === null ? "" : `: ${issue.message}`;
  return `pod ${where}: ${parts.join(", ")}${message}`;
}

function headline(code: PodIssueCode, w: LiveWorkload, issues: PodIssue[], pods: number): string {
  const who = `${w.kind} ${w.name}`;
  const affected = new Set(issues.map((i) => i.pod)).size;
  const share = `${affected} of ${plural(pods, "pod")}`;
  const first = issues[0];
  const container = first?.container ?? "";
  switch (code) {
    case "oom-killed":
      return `${who}: container ${container} is killed for using too much memory (OOMKilled${first?.memoryLimit ? `, limit ${first.memoryLimit}` : ""}), ${share}`;
    case "crash-loop":
      return `${who}: container ${container} keeps crashing (${first?.reason ?? "CrashLoopBackOff"}${first?.exitCode !== null && first?.exitCode !== undefined ? `, exit code ${first.exitCode}` : ""}), ${share}`;
    case "image-pull":
      return `${who}: image ${first?.image ?? "?"} cannot be pulled (${first?.reason ?? "ImagePullBackOff"}), ${share}`;
    case "unschedulable":
      return `${who}: ${share} cannot be scheduled${first?.message ? `: ${first.message}` : ""}`;
    case "not-ready":
      return `${who}: ${share} not ready (${first?.reason ?? "NotReady"})`;
  }
}

function logEvidence(snapshot: ReleaseSnapshot, issues: PodIssue[]): string[] {
  const lines: string[] = [];
  for (const log of snapshot.logs) {
    if (!issues.some((i) => i.pod === log.pod && i.container === log.container)) continue;
    const tail = log.text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .slice(-LOG_LINES);
    const which = log.previous ? "previous log" : "log";
    for (const line of tail) lines.push(`${which} ${log.pod}/${log.container}: ${line}`);
  }
  return lines;
}

function rolloutFinding(w: LiveWorkload): Finding | null {
  const r = w.rollout;
  if (r === null || r.complete) return null;
  const why = r.failed ?? `rollout not finished: ${r.waitingFor ?? "waiting"}`;
  return {
    code: "not-ready",
    severity: r.failed === null ? "warning" : "critical",
    summary: `${w.kind} ${w.name}: ${r.ready} of ${r.desired} ready, ${why}`,
    evidence: [`${r.updated} updated, ${r.available} available of ${r.desired} desired`],
  };
}

export interface WorkloadFinding {
  workload: LiveWorkload;
  finding: Finding;
}

export function findWorkloadFindings(
  snapshot: ReleaseSnapshot,
  workloads: readonly LiveWorkload[],
): WorkloadFinding[] {
  const findings: WorkloadFinding[] = [];
  for (const w of workloads) {
    const pods = podsOf(w, snapshot.pods);
    const issues = pods.flatMap(classifyPodIssues);
    const events = selectWarningEvents(snapshot.events, [w.name], 5);
    let found = false;
    for (const code of ORDER) {
      const mine = issues.filter((i) => i.code === code);
      if (mine.length === 0) continue;
      found = true;
      findings.push({
        workload: w,
        finding: {
          code,
          severity: code === "not-ready" ? "warning" : "critical",
          summary: headline(code, w, mine, pods.length),
          evidence: [
            ...mine.slice(0, 5).map(describeIssue),
            ...events.map((e) => `event ${e}`),
            ...logEvidence(snapshot, mine),
          ],
        },
      });
    }
    if (!found) {
      const rollout = rolloutFinding(w);
      if (rollout !== null) {
        const evidence = [...rollout.evidence, ...events.map((e) => `event ${e}`)];
        findings.push({ workload: w, finding: { ...rollout, evidence } });
      }
    }
  }
  return findings;
}
