// The execution queue: BullMQ with jobId = plan id, one attempt, so a plan runs at most once.
// BullMQ ignores an add whose jobId exists (waiting, active, or kept after it finished); the
// plan state machine refuses a second run after that, so a late duplicate is harmless too.
import { randomBytes } from "node:crypto";
import { type ConnectionOptions, Queue } from "bullmq";
import {
  DEFAULT_QUEUE_PREFIX,
  EXECUTION_JOB_NAME,
  EXECUTION_QUEUE_NAME,
  type ExecutionJob,
} from "./execution-job.ts";

export interface ExecutionQueueOptions {
  // ioredis options ({ url } works) or an ioredis instance BullMQ may share.
  connection: ConnectionOptions;
  // BullMQ key prefix. Default "wheelhouse".
  prefix?: string;
  // How long finished jobs are kept (so a late duplicate add still finds them). Default 86400.
  keepFinishedSeconds?: number;
  // Connection errors (Redis restarting, unreachable): BullMQ reconnects by itself, this only
  // hears of it. Default: ignored (BullMQ would print them raw on stderr, unredacted).
  onError?: (error: Error) => void;
}

// Where a plan's job is; "missing": never added, or removed after it finished.
export type ExecutionJobState =
  | "missing"
  | "waiting"
  | "delayed"
  | "active"
  | "completed"
  | "failed"
  | "other";

export interface ExecutionQueue {
  // enqueued: false when a job for this plan already existed (nothing was added).
  enqueue(planId: string): Promise<{ enqueued: boolean }>;
  jobState(planId: string): Promise<ExecutionJobState>;
  // Enqueues again a plan whose job is missing or over (the reconciler's fix for an approved
  // plan that never ran: the plan's state machine still lets it run only once).
  requeue(planId: string): Promise<{ enqueued: boolean }>;
  close(): Promise<void>;
}

export function createExecutionQueue(options: ExecutionQueueOptions): ExecutionQueue {
  const keep = options.keepFinishedSeconds ?? 86_400;
  const queue = new Queue<ExecutionJob>(EXECUTION_QUEUE_NAME, {
    connection: options.connection,
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
    defaultJobOptions: {
      // Never re-run a mutation blindly: a failure is reported, a person decides what next.
      attempts: 1,
      removeOnComplete: { age: keep },
      removeOnFail: { age: keep * 7 },
    },
  });
  queue.on("error", options.onError ?? (() => undefined));
  async function enqueue(planId: string) {
    const token = randomBytes(8).toString("hex");
    await queue.add(EXECUTION_JOB_NAME, { planId, token }, { jobId: planId });
    // add() returns a local Job even for a duplicate; the stored data says whose add won.
    const job = await queue.getJob(planId);
    return { enqueued: job?.data.token === token };
  }
  async function jobState(planId: string): Promise<ExecutionJobState> {
    const state = await queue.getJobState(planId);
    switch (state) {
      case "unknown":
        return "missing";
      case "waiting":
      // Prioritised and waiting-children jobs are still waiting to run.
      case "prioritized":
      case "waiting-children":
        return "waiting";
      case "delayed":
      case "active":
      case "completed":
      case "failed":
        return state;
      default:
        return "other";
    }
  }
  return {
    enqueue,
    jobState,
    async requeue(planId) {
      const state = await jobState(planId);
      if (state === "completed" || state === "failed") await queue.remove(planId);
      else if (state !== "missing") return { enqueued: false };
      return enqueue(planId);
    },
    close: () => queue.close(),
  };
}
