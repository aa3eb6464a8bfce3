// A plan found "running" when its job starts: a worker died mid-run (its job came back as
// stalled). Nothing is run again: the release is inspected, the plan is closed as interrupted
// with what was found, and a release left pending or failed gets a recovery plan.
import type { HelmStatus } from "../model/release.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import type { PlanRecord } from "../store/plan-record.ts";
import { ReleaseLockedError, withReleaseLock } from "../store/release-lock.ts";
import { type ExecutionDeps, finishExecution, releaseOf } from "./execution-context.ts";

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

async function closeInterrupted(deps: ExecutionDeps, planId: string): Promise<PlanRecord | null> {
  const record = await deps.store.get(planId);
  // The worker we thought dead finished after all.
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
  return finishExecution(deps, record, "running", {
    outcome: "interrupted",
    startedAt: record.startedAt ?? now,
    finishedAt: now,
    argv: record.plan.command.argv,
    output: "",
    error: null,
    validation: null,
    rollbackPlanId,
    note: `The worker running this plan stopped before it finished; the command was not run again. ${found}. ${advice}`,
  });
}

export async function recoverInterruptedPlan(
  deps: ExecutionDeps,
  record: PlanRecord,
): Promise<PlanRecord | null> {
  try {
    return await withReleaseLock(
      deps.redis,
      releaseOf(record),
      deps.lockTtlMs,
      () => closeInterrupted(deps, record.id),
      { prefix: deps.lockPrefix, waitMs: deps.lockWaitMs, owner: `recovery of plan ${record.id}` },
    );
  } catch (error) {
    // Still locked: the original worker is alive and will close the plan itself.
    if (error instanceof ReleaseLockedError) {
      deps.log({ msg: "running plan still holds its release lock; leaving it", planId: record.id });
      return deps.store.get(record.id);
    }
    throw error;
  }
}
