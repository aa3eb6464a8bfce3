// The BullMQ worker that runs approved plans. One attempt per job (a failed mutation is
// reported, never retried blindly); a job whose worker died comes back once as stalled and is
// closed as interrupted instead of re-run. close() takes no new job and waits for the jobs in
// progress: a worker told to stop (SIGTERM) lets a running helm finish and reports it first.
import { type ConnectionOptions, Worker } from "bullmq";
import { codedErrorInfo } from "../plan/refuse.ts";
import { redactDeep } from "../redact/redact-deep.ts";
import type { ExecutionDeps } from "./execution-context.ts";
import { DEFAULT_QUEUE_PREFIX, EXECUTION_QUEUE_NAME } from "./execution-job.ts";
import { processExecutionJob } from "./process-execution-job.ts";

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
  // Jobs run at once by this worker (different releases; one release is serialised by its lock,
  // and a job waiting for a busy release is delayed, not holding a slot).
  concurrency: number;
  // How often BullMQ looks for jobs whose worker died (ms). Default 30000.
  stalledIntervalMs?: number;
  // BullMQ's job lock: renewed while the worker lives; when it lapses the job counts as stalled
  // (worker died). Default 30000.
  jobLockMs?: number;
}

export interface ExecutionWorker {
  // Takes no new job, waits for the running ones to finish and report, then closes.
  close(): Promise<void>;
}

export function executionDepsOf(options: ExecutionWorkerOptions): ExecutionDeps {
  const { connection, prefix, concurrency, stalledIntervalMs, jobLockMs, ...given } = options;
  return {
    ...given,
    lockWaitMs: options.lockWaitMs ?? 600_000,
    lockPrefix: options.lockPrefix ?? "wheelhouse",
    validation: options.validation ?? {},
    log:
      options.log ??
      ((line: object) => process.stdout.write(`${JSON.stringify(redactDeep(line))}\n`)),
  };
}

const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection is closed/;

export function startExecutionWorker(options: ExecutionWorkerOptions): ExecutionWorker {
  const deps = executionDepsOf(options);
  const { log } = deps;
  const worker = new Worker(
    EXECUTION_QUEUE_NAME,
    (job, token) => processExecutionJob(deps, job, token),
    {
      connection: options.connection,
      prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency: options.concurrency,
      // A job whose worker died is handed out once more, to be closed as interrupted.
      maxStalledCount: 1,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      lockDuration: options.jobLockMs ?? 30_000,
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
  // While Redis restarts, BullMQ reports every failed reconnect of its two connections: one
  // line per outage says as much; any other error is logged each time.
  let connectionErrorAt = Number.NEGATIVE_INFINITY;
  worker.on("error", (error) => {
    if (CONNECTION_ERROR.test(`${codedErrorInfo(error).code} ${error.message}`)) {
      if (Date.now() - connectionErrorAt < 10_000) return;
      connectionErrorAt = Date.now();
    }
    log({ msg: "execution worker error", error: codedErrorInfo(error) });
  });
  return {
    async close() {
      log({ msg: "execution worker stopping: no new jobs; finishing the running ones" });
      await worker.close();
      log({ msg: "execution worker stopped" });
    },
  };
}
