// Queue depth and age on /metrics, read from BullMQ when scraped: jobs by state, and how long the
// oldest waiting job has waited (a stuck worker shows as a growing age, not only a depth).
import { type ConnectionOptions, Queue } from "bullmq";
import { DEFAULT_QUEUE_PREFIX, EXECUTION_QUEUE_NAME } from "../exec/execution-job.ts";
import type { Metrics } from "./metrics.ts";

const STATES = ["waiting", "delayed", "active", "failed", "completed"] as const;

export interface QueueMetrics {
  close(): Promise<void>;
}

export function registerQueueMetrics(
  metrics: Metrics,
  options: {
    connection: ConnectionOptions;
    prefix?: string;
    now?: () => number;
    // Connection errors; BullMQ reconnects by itself. Default: ignored (not printed raw).
    onError?: (error: Error) => void;
  },
): QueueMetrics {
  // Its own read-only handle: the queue adapter stays as narrow as the app needs it.
  const queue = new Queue(EXECUTION_QUEUE_NAME, {
    connection: options.connection,
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
  });
  queue.on("error", options.onError ?? (() => undefined));
  const now = options.now ?? Date.now;
  metrics.gauge(
    "wheelhouse_queue_jobs",
    "Execution jobs in the queue, by state.",
    ["state"],
    async (set) => {
      const counts = await queue.getJobCounts(...STATES);
      for (const state of STATES) set({ state }, counts[state] ?? 0);
    },
  );
  metrics.gauge(
    "wheelhouse_queue_oldest_waiting_seconds",
    "Age of the oldest job waiting for a worker (0 when none waits).",
    [],
    async (set) => {
      const [oldest] = await queue.getJobs(["waiting"], 0, 0, true);
      set({}, oldest ? Math.max(0, (now() - oldest.timestamp) / 1000) : 0);
    },
  );
  return { close: () => queue.close() };
}
