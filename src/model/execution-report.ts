// What the worker tells the thread after running (or refusing to run) an approved plan.
import type { HelmStatus } from "./release.ts";

export interface WorkloadHealth {
  kind: "Deployment" | "StatefulSet" | "DaemonSet";
  name: string;
  desired: number;
  ready: number;
  updated: number;
  healthy: boolean;
  // One line each, for people: "webapp-7d9c…: CrashLoopBackOff (3 restarts)".
  problems: string[];
}

export interface ValidationResult {
  healthy: boolean;
  releaseStatus: HelmStatus;
  revision: number;
  workloads: WorkloadHealth[];
  // Warning events of the release's namespace that concern its objects, newest first.
  events: string[];
  // Last lines of the logs of unhealthy containers (previous instance when it crashed).
  logs: Array<{ pod: string; container: string; text: string }>;
  checkedAt: string;
  // Seconds spent waiting for rollouts before giving up (0 when all were ready at once).
  waitedSeconds: number;
}

export interface ExecutionReport {
  outcome: "succeeded" | "failed" | "stale" | "interrupted";
  startedAt: string;
  finishedAt: string;
  // The argv that ran (exactly the plan's), helm's output (redacted, truncated).
  argv: string[];
  output: string;
  error: { code: string; message: string; stderrHead: string } | null;
  validation: ValidationResult | null;
  // A rollback plan proposed when the release ended unhealthy (its own approval buttons).
  rollbackPlanId: string | null;
  // For stale/interrupted: what changed or what was found, in one or two sentences.
  note: string | null;
}
