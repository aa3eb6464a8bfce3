// The release lock for a job, taken without waiting inside the job: when the release is busy,
// a ReleaseBusyError puts the job back (delayed) while it may still wait; once it has waited
// long enough, the caller gets the refusal to act on (a plan to run is closed as refused).
import type { PlanRecord } from "../model/plan-record.ts";
import {
  acquireReleaseLock,
  type HeldReleaseLock,
  ReleaseLockedError,
} from "../store/release-lock.ts";
import { type ExecutionDeps, finishExecution, releaseOf } from "./execution-context.ts";
import { busyOutcome, type ExecutionAttempt } from "./release-busy-error.ts";

export type LockAttempt = { lock: HeldReleaseLock } | { refused: ReleaseLockedError };

export async function takeReleaseLock(
  deps: ExecutionDeps,
  record: PlanRecord,
  owner: string,
  attempt: ExecutionAttempt,
): Promise<LockAttempt> {
  try {
    const lock = await acquireReleaseLock(deps.redis, releaseOf(record), deps.lockTtlMs, {
      prefix: deps.lockPrefix,
      owner,
    });
    return { lock };
  } catch (error) {
    if (!(error instanceof ReleaseLockedError)) throw error;
    const outcome = busyOutcome(error, attempt, deps.lockWaitMs);
    if (!(outcome instanceof ReleaseLockedError)) throw outcome;
    return { refused: outcome };
  }
}

// An approved plan whose release stayed busy for all of its wait: closed, nothing ran.
export function closeBusyPlan(
  deps: ExecutionDeps,
  record: PlanRecord,
  refused: ReleaseLockedError,
): Promise<PlanRecord> {
  const now = new Date().toISOString();
  return finishExecution(deps, record, "approved", {
    outcome: "failed",
    startedAt: now,
    finishedAt: now,
    argv: record.plan.command.argv,
    output: "",
    error: { code: refused.code, message: refused.message, stderrHead: "" },
    validation: null,
    rollbackPlanId: null,
    note: `Nothing ran: ${releaseOf(record).name} stayed busy with another operation for ${Math.round(refused.waitedMs / 1000)}s. Ask again for a fresh plan once it is done.`,
  });
}
