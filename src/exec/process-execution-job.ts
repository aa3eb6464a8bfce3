// One execution job, as BullMQ hands it to the worker: the plan run (or refused, or recovered),
// and what decides the job's fate. A busy release delays the job instead of holding a worker
// slot; a lost release lock delays it past the lock's TTL, so that whoever runs it next finds
// the plan "running", waits for the lock to be free and reports the interruption; failures no
// retry can fix are UnrecoverableError.
import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { codedErrorInfo } from "../plan/refuse.ts";
import { PlanRecordInvalidError } from "../store/plan-store.ts";
import { ReleaseLockLostError } from "../store/release-lock.ts";
import { executePlan, PlanNotFoundError } from "./execute-plan.ts";
import type { ExecutionDeps } from "./execution-context.ts";
import { executionJobSchema } from "./execution-job.ts";
import { ReleaseBusyError } from "./release-busy-error.ts";

// Failures no retry can fix; with attempts: 1 nothing is retried anyway, this says why.
const UNRECOVERABLE = new Set(["plan_not_found", "plan_record_invalid", "invalid_job"]);

export async function processExecutionJob(
  deps: ExecutionDeps,
  job: Job,
  token: string | undefined,
): Promise<{ state: string | null }> {
  const parsed = executionJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid_job: ${parsed.error.message}`);
  const data = parsed.data;
  // A child log per job: every line it writes names the plan and the job.
  const jobDeps: ExecutionDeps = {
    ...deps,
    log: (line) => deps.log({ planId: data.planId, jobId: job.id, ...line }),
  };
  try {
    const record = await executePlan(jobDeps, data.planId, { busySince: data.busySince });
    return { state: record?.state ?? null };
  } catch (error) {
    if (error instanceof ReleaseBusyError) {
      if (data.busySince === undefined) await job.updateData({ ...data, busySince: error.since });
      await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
      throw new DelayedError(error.message);
    }
    if (error instanceof ReleaseLockLostError) {
      jobDeps.log({ msg: "release lock lost mid-run; handing the plan on" });
      await job.updateData({ planId: data.planId, token: data.token });
      await job.moveToDelayed(Date.now() + deps.lockTtlMs, token);
      throw new DelayedError(error.message);
    }
    const code = codedErrorInfo(error).code;
    if (
      error instanceof PlanNotFoundError ||
      error instanceof PlanRecordInvalidError ||
      UNRECOVERABLE.has(code)
    ) {
      throw new UnrecoverableError(
        `${code}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    throw error;
  }
}
