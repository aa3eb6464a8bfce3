// A plan whose release is busy with another operation does not wait inside its job (that would
// hold a worker slot for minutes): the job is put back, delayed, and tries again, until it has
// waited as long as it may (lockWaitMs) and is closed as refused.
import { ReleaseLockedError } from "../store/release-lock.ts";

export interface ExecutionAttempt {
  // When this plan's job first found its release busy (ms since the epoch); unset at first.
  busySince?: number | undefined;
}

export class ReleaseBusyError extends Error {
  readonly code = "release_busy";
  // When the waiting began, and when to look again.
  readonly since: number;
  readonly retryAfterMs: number;
  constructor(locked: ReleaseLockedError, since: number, retryAfterMs: number) {
    super(`${locked.message} Trying again in ${Math.ceil(retryAfterMs / 1000)}s.`, {
      cause: locked,
    });
    this.name = "ReleaseBusyError";
    this.since = since;
    this.retryAfterMs = retryAfterMs;
  }
}

// Still within the wait: the error that puts the job back. Past it: the refusal to report,
// saying how long it waited in all.
export function busyOutcome(
  locked: ReleaseLockedError,
  attempt: ExecutionAttempt,
  waitLimitMs: number,
  now = Date.now(),
): ReleaseBusyError | ReleaseLockedError {
  const since = attempt.busySince ?? now;
  const waited = now - since;
  if (waited >= waitLimitMs) return new ReleaseLockedError(locked.release, locked.holder, waited);
  // Soon at first, then less often: a change on the release usually takes minutes.
  const backoff = Math.min(5000, Math.max(250, Math.round(waited / 4)));
  return new ReleaseBusyError(locked, since, Math.min(backoff, waitLimitMs - waited));
}
