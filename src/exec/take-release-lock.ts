// The release lock for a job, taken without waiting inside the job: when the release is busy,
// a ReleaseBusyError puts the job back (delayed) while it may still wait; once it has waited
// long enough, the caller gets the refusal to act on.
import type { PlanRecord } from "../store/plan-record.ts";
import {
  acquireReleaseLock,
  type HeldReleaseLock,
  ReleaseLockedError,
} from "../store/release-lock.ts";
import { type ExecutionDeps, releaseOf } from "./execution-context.ts";
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
