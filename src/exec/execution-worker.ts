// The BullMQ worker that runs approved plans. One attempt per job (a failed mutation is
// reported, never retried blindly); a job whose worker died comes back once as stalled and is
// closed as interrupted instead of re-run. close() waits for the jobs in progress.
import { type ConnectionOptions, UnrecoverableError, Worker } from "bullmq";
import { codedErrorInfo } from "../plan/refuse.ts";
import { redactDeep } from "../redact/redact-deep.ts";
import { PlanRecordInvalidError } from "../store/plan-store.ts";
import { executePlan, PlanNotFoundError } from "./execute-plan.ts";
import type { ExecutionDeps } from "./execution-context.ts";
import { DEFAULT_QUEUE_PREFIX, EXECUTION_QUEUE_NAME, executionJobSchema } from "./execution-job.ts";

export type { ExecutionNotifier } from "./execution-notifier.ts";

// Fields of ExecutionDeps with a default here: lockWaitMs 600000 (ten minutes), lockPrefix
// "wheelhouse" (must match other lock users), validation poll/settle 1000/5000 ms, log JSON on
// stdout.
type DefaultedDeps = "lockWaitMs" | "lockPrefix" | "validation" | "log";

export interface ExecutionWorkerOptions
  extends Omit<ExecutionDeps, DefaultedDeps>,
    Partial<Pick<ExecutionDeps, DefaultedDeps>> {
  // ioredis options ({ url } works); BullMQ needs its own blocking connection.
  connection: ConnectionOptions;
  // BullMQ key prefix; must match the queue's. Default "wheelhouse".
  prefix?: string;
  // Jobs run at once by this worker (different releases; one release is serialised by its lock).
  concurrency: number;
  // How often BullMQ looks for jobs whose worker died (ms). Default 30000.
  stalledIntervalMs?: number;
  // BullMQ's job lock: renewed while the worker lives; when it lapses the job counts as stalled
  // (worker died). Default 30000.
  jobLockMs?: number;
}

export interface ExecutionWorker {
  close(): Promise<void>;
}

// Failures no retry can fix; with attempts: 1 nothing is retried anyway, this says why.
const UNRECOVERABLE = new Set(["plan_not_found", "plan_record_invalid", "invalid_job"]);

export function startExecutionWorker(options: ExecutionWorkerOptions): ExecutionWorker {
  const log =
    options.log ??
    ((line: object) => process.stdout.write(`${JSON.stringify(redactDeep(line))}\n`));
  const { connection, prefix, concurrency, stalledIntervalMs, jobLockMs, ...given } = options;
  const deps: ExecutionDeps = {
    ...given,
    lockWaitMs: options.lockWaitMs ?? 600_000,
    lockPrefix: options.lockPrefix ?? "wheelhouse",
    validation: options.validation ?? {},
    log,
  };
  const worker = new Worker(
    EXECUTION_QUEUE_NAME,
    async (job) => {
      const data = executionJobSchema.safeParse(job.data);
      if (!data.success) throw new UnrecoverableError(`invalid_job: ${data.error.message}`);
      try {
        const record = await executePlan(deps, data.data.planId);
        return { state: record?.state ?? null };
      } catch (error) {
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
    },
    {
      connection,
      prefix: prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency,
      // A job whose worker died is handed out once more, to be closed as interrupted.
      maxStalledCount: 1,
      stalledInterval: stalledIntervalMs ?? 30_000,
      lockDuration: jobLockMs ?? 30_000,
    },
  );
  worker.on("failed", (job, error) => {
    log({ msg: "execution job failed", planId: job?.id, error: codedErrorInfo(error) });
  });
  worker.on("stalled", (jobId) => {
    log({
      msg: "execution job stalled: its worker died; the next run closes it as interrupted",
      planId: jobId,
    });
  });
  worker.on("error", (error) =>
    log({ msg: "execution worker error", error: codedErrorInfo(error) }),
  );
  return { close: () => worker.close() };
}
