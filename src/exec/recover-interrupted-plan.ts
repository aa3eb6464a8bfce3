// A plan found "running" with no worker reporting on it: its worker died mid-run (the job came
// back as stalled), lost its release lock (the job was handed on), or the reconciler found its
// job over. Nothing is run again: once the release lock is free (the old holder's expired),
// the release is read, the plan is closed as interrupted with what was found, and a release
// left pending or failed gets a recovery plan. The close is one fenced move, so the report
// appears once however many paths get here.

import type { PlanRecord } from "../model/plan-record.ts";
import type { HelmStatus } from "../model/release.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { keepReleaseLock, type ReleaseLockLease } from "../store/release-lock.ts";
import { type ExecutionDeps, finishExecution, releaseOf } from "./execution-context.ts";
import type { ExecutionAttempt } from "./release-busy-error.ts";
import { takeReleaseLock } from "./take-release-lock.ts";

function needsRecovery(status: HelmStatus | null): boolean {
  return status === "failed" || (status?.startsWith("pending-") ?? false);
}

async function inspect(deps: ExecutionDeps, record: PlanRecord) {
  const release = releaseOf(record);
  try {
    const [status, history] = await Promise.all([
      deps.helm.status(release),
      deps.helm.history(release, 3),
    ]);
    const latest = history.at(-1);
    const found =
      `${release.name} is now ${status.info.status} at revision ${status.version} (the plan was made against revision ${record.plan.release.revision})` +
      (latest?.description ? `; helm's last entry: "${latest.description}"` : "");
    return { status: status.info.status, found };
  } catch (error) {
    const info = codedErrorInfo(error);
    const found =
      info.code === "helm_release_not_found"
        ? `${release.name} no longer exists in ${release.namespace}`
        : `the release could not be inspected (${info.message})`;
    return { status: null, found };
  }
}

async function closeInterrupted(
  deps: ExecutionDeps,
  planId: string,
  lease: ReleaseLockLease,
): Promise<PlanRecord | null> {
  const record = await deps.store.get(planId);
  // The worker we thought gone finished after all.
  if (record === null || record.state !== "running") return record;
  const { status, found } = await inspect(deps, record);
  let rollbackPlanId: string | null = null;
  if (needsRecovery(status)) {
    try {
      rollbackPlanId = await deps.planRollback(record);
    } catch (error) {
      deps.log({ msg: "recovery plan failed", planId, error: codedErrorInfo(error) });
    }
  }
  const advice = rollbackPlanId
    ? "A recovery plan is proposed."
    : "Check the release before asking for the change again.";
  const now = new Date().toISOString();
  const report = {
    outcome: "interrupted" as const,
    startedAt: record.startedAt ?? now,
    finishedAt: now,
    argv: record.plan.command.argv,
    output: "",
    error: null,
    validation: null,
    rollbackPlanId,
    note: `The worker running this plan stopped, or lost its lock on the release, before it reported; the command was not run again. ${found}. ${advice}`,
  };
  return finishExecution(deps, record, "running", report, lease);
}

export async function recoverInterruptedPlan(
  deps: ExecutionDeps,
  record: PlanRecord,
  attempt: ExecutionAttempt = {},
): Promise<PlanRecord | null> {
  const owner = `recovery of plan ${record.id}`;
  const taken = await takeReleaseLock(deps, record, owner, attempt);
  if ("refused" in taken) {
    // Held all along: its holder is alive and renewing it, and will close the plan itself (or
    // the reconciler will, once that job is over).
    deps.log({ msg: "running plan still holds its release lock; leaving it", planId: record.id });
    return deps.store.get(record.id);
  }
  return keepReleaseLock(taken.lock, releaseOf(record), deps.lockTtlMs, (lease) =>
    closeInterrupted(deps, record.id, lease),
  );
}
