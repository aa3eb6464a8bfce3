// The BullMQ worker that runs approved plans. One attempt per job (a failed mutation is
// reported, never retried blindly); a job whose worker died comes back once as stalled and is
// closed as interrupted instead of re-run. close() waits for the jobs in progress.
import { type ConnectionOptions, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { codedErrorInfo } from "../plan/refuse.ts";
import type { AuditLog } from "../store/audit-log.ts";
import type { PlanRecord } from "../store/plan-record.ts";
import { PlanRecordInvalidError, type PlanStore } from "../store/plan-store.ts";
import { executePlan, PlanNotFoundError } from "./execute-plan.ts";
import type { ExecutionDeps, ExecutionHelm } from "./execution-context.ts";
import { DEFAULT_QUEUE_PREFIX, EXECUTION_QUEUE_NAME, executionJobSchema } from "./execution-job.ts";
import type { ExecutionNotifier } from "./execution-notifier.ts";
import type { ValidationDeps, ValidationOptions } from "./validate-release.ts";

export type { ExecutionNotifier } from "./execution-notifier.ts";

export interface ExecutionWorkerOptions {
  // ioredis options ({ url } works); BullMQ needs its own blocking connection.
  connection: ConnectionOptions;
  // BullMQ key prefix; must match the queue's. Default "wheelhouse".
  prefix?: string;
  store: PlanStore;
  audit: AuditLog;
  // For the per-release locks.
  redis: Redis;
  helm: ExecutionHelm;
  kube: ValidationDeps["kube"];
  // Container logs for diagnosis (KubectlLogReader from src/kube/kubectl-logs.ts).
  logs: ValidationDeps["logs"];
  notifier: ExecutionNotifier;
  planRollback: (record: PlanRecord) => Promise<string | null>;
  // How long validation waits for rollouts after the command.
  validationTimeoutMs: number;
  // TTL of the per-release lock (extended while the job runs).
  lockTtlMs: number;
  // Jobs run at once by this worker (different releases; one release is serialised by its lock).
  concurrency: number;
  // How long a plan waits for its release's lock before failing with release_locked. Default
  // 600000 (ten minutes).
  lockWaitMs?: number;
  // Key prefix of the release locks; must match other lock users. Default "wheelhouse".
  lockPrefix?: string;
  // Validation poll and settle times. Defaults 1000 and 5000.
  validation?: Pick<ValidationOptions, "pollMs" | "settleMs">;
  // How often BullMQ looks for jobs whose worker died (ms). Default 30000.
  stalledIntervalMs?: number;
  // BullMQ's job lock: renewed while the worker lives; when it lapses the job counts as stalled
  // (worker died). Default 30000.
  jobLockMs?: number;
  // Structured log lines. Default: JSON on stdout.
  log?: (line: object) => void;
}

export interface ExecutionWorker {
  close(): Promise<void>;
}

// Failures no retry can fix; with attempts: 1 nothing is retried anyway, this says why.
const UNRECOVERABLE = new Set(["plan_not_found", "plan_record_invalid", "invalid_job"]);

export function startExecutionWorker(options: ExecutionWorkerOptions): ExecutionWorker {
  const log = options.log ?? ((line: object) => process.stdout.write(`${JSON.stringify(line)}\n`));
  const deps: ExecutionDeps = {
    store: options.store,
    audit: options.audit,
    redis: options.redis,
    helm: options.helm,
    kube: options.kube,
    logs: options.logs,
    notifier: options.notifier,
    planRollback: options.planRollback,
    validationTimeoutMs: options.validationTimeoutMs,
    lockTtlMs: options.lockTtlMs,
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
  worker.on("error", (error) =>
    log({ msg: "execution worker error", error: codedErrorInfo(error) }),
  );
  return { close: () => worker.close() };
}
