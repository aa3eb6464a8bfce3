// Everything one execution needs, passed in (the worker builds it once), and the small helpers
// every step shares: audit entries about a record, and calls that must not break the run.
import type { Redis } from "ioredis";
import type { MutationResult } from "../helm/helm-client.ts";
import type { AuditType } from "../model/audit-entry.ts";
import type { ExecutionReport } from "../model/execution-report.ts";
import type { MutatingHelmOperation } from "../model/helm-operation.ts";
import type { HistoryEntry } from "../model/helm-output-schemas.ts";
import type { PlanRecord, PlanState } from "../model/plan-record.ts";
import type { ReleaseRef } from "../model/release.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import type { AuditLog } from "../store/audit-log.ts";
import type { ChartSourceMemory } from "../store/chart-source-memory.ts";
import type { PlanStore } from "../store/plan-store.ts";
import { type LockGuard, ReleaseLockLostError } from "../store/release-lock.ts";
import type { ArgvBuilder } from "./check-plan-consistency.ts";
import type { ExecutionNotifier } from "./execution-notifier.ts";
import type { ValidationDeps, ValidationHelm, ValidationOptions } from "./validate-release.ts";

// What the worker needs from helm; HelmClient is the real one.
export interface ExecutionHelm extends ValidationHelm, ArgvBuilder {
  mutate(op: MutatingHelmOperation): Promise<MutationResult>;
  history(release: ReleaseRef, max?: number): Promise<HistoryEntry[]>;
}

export interface ExecutionDeps {
  store: PlanStore;
  audit: AuditLog;
  redis: Redis;
  helm: ExecutionHelm;
  kube: ValidationDeps["kube"];
  logs: ValidationDeps["logs"];
  notifier: ExecutionNotifier;
  // Makes and stores a rollback (or recovery) plan for a release left unhealthy; its id.
  planRollback: (record: PlanRecord) => Promise<string | null>;
  // How long validation waits for rollouts. Default: the plan's --timeout (one source of truth
  // for how long a change may take).
  validationTimeoutMs?: number;
  // The release lock's TTL: renewed every third of it while a job runs; a worker that dies
  // holds the release that long.
  lockTtlMs: number;
  // How long a plan waits for another operation on its release to finish.
  lockWaitMs: number;
  lockPrefix: string;
  // Poll, settle and outage-grace times of validation (tests shorten them).
  validation: Pick<ValidationOptions, "pollMs" | "settleMs" | "outageGraceMs">;
  log: (line: object) => void;
  // Where each release's chart came from, remembered after helm upgraded it from there.
  chartSources?: Pick<ChartSourceMemory, "remember">;
}

export function releaseOf(record: Pick<PlanRecord, "plan">): ReleaseRef {
  return { name: record.plan.release.name, namespace: record.plan.release.namespace };
}

// The rollback (or recovery) plan a thread is offered after a run went wrong. Failing to make one
// must not cost the report of the run itself: it is logged, and the thread gets none.
export async function proposeRollback(
  deps: ExecutionDeps,
  record: PlanRecord,
  kind: "rollback" | "recovery",
): Promise<string | null> {
  try {
    return await deps.planRollback(record);
  } catch (error) {
    deps.log({ msg: `${kind} plan failed`, planId: record.id, error: codedErrorInfo(error) });
    return null;
  }
}

export async function auditRecord(
  deps: ExecutionDeps,
  record: PlanRecord,
  type: AuditType,
  detail: string,
): Promise<void> {
  try {
    await deps.audit.append({
      type,
      at: new Date().toISOString(),
      actor: "wheelhouse",
      channel: record.context.channel,
      release: releaseOf(record),
      planId: record.id,
      detail,
    });
  } catch (error) {
    // The audit line was logged before Redis failed; the run must still finish its record.
    deps.log({ msg: "audit stream write failed", planId: record.id, error: codedErrorInfo(error) });
  }
}

export async function notify(
  deps: ExecutionDeps,
  event: "started" | "finished",
  record: PlanRecord,
): Promise<void> {
  try {
    await deps.notifier[event](record);
  } catch (error) {
    deps.log({ msg: `notifier.${event} failed`, planId: record.id, error: codedErrorInfo(error) });
  }
}

export function describeReport(report: ExecutionReport): string {
  const parts = [`outcome ${report.outcome}`];
  if (report.error) parts.push(`${report.error.code}: ${report.error.message}`);
  if (report.validation) {
    parts.push(report.validation.healthy ? "release healthy" : "release unhealthy");
  }
  if (report.rollbackPlanId) parts.push(`rollback plan ${report.rollbackPlanId} proposed`);
  if (report.note) parts.push(report.note);
  return parts.join("; ");
}

// The last step of every execution: the final state with its report, the audit trail, the
// thread. Returns the stored record (or the one that was there if another move won). Guarded by
// the release lock it ran under: when that is lost, nothing is reported (ReleaseLockLostError).
export async function finishExecution(
  deps: ExecutionDeps,
  record: PlanRecord,
  from: PlanState,
  report: ExecutionReport,
  guard?: LockGuard,
): Promise<PlanRecord> {
  const moved = await deps.store.transition(
    record.id,
    [from],
    report.outcome,
    { execution: report },
    guard,
  );
  if (!moved.ok && moved.fenced) throw new ReleaseLockLostError(releaseOf(record));
  if (!moved.ok) {
    deps.log({
      msg: "execution result not stored: the plan moved on",
      planId: record.id,
      state: moved.record?.state,
    });
    return moved.record ?? record;
  }
  if (report.validation) {
    const v = report.validation;
    const unhealthy = v.workloads.filter((w) => !w.healthy).flatMap((w) => w.problems);
    const detail = v.healthy
      ? `${releaseOf(record).name} is ${v.releaseStatus} at revision ${v.revision}; all workloads ready`
      : `${releaseOf(record).name} is ${v.releaseStatus} at revision ${v.revision}; ${unhealthy.slice(0, 3).join("; ") || "not healthy"}`;
    await auditRecord(deps, moved.record, "validation", detail);
  }
  await auditRecord(deps, moved.record, "execution_result", describeReport(report));
  await notify(deps, "finished", moved.record);
  return moved.record;
}
