// The reconciler as a loop in every worker, doing its passes on one replica at a time: the one
// holding a Redis lease, renewed each pass; when that replica stops or dies, another takes over
// after the lease's TTL.
import type { Redis } from "ioredis";
import { codedErrorInfo } from "../plan/refuse.ts";
import { createRedisLease } from "../store/redis-lease.ts";
import { type ReconcileDeps, type ReconcileResult, reconcilePlans } from "./reconcile-plans.ts";

export interface PlanReconcilerOptions extends ReconcileDeps {
  redis: Redis;
  // Prefix of the lease key (the cluster's). Default "wheelhouse".
  prefix?: string;
  // Between two passes. Default 30000. The lease lasts three intervals (at least 10 s).
  intervalMs?: number;
}

export interface PlanReconciler {
  // One pass now, if this replica holds the lease (null when it does not).
  pass(): Promise<ReconcileResult | null>;
  stop(): Promise<void>;
}

export function startPlanReconciler(options: PlanReconcilerOptions): PlanReconciler {
  const intervalMs = options.intervalMs ?? 30_000;
  const lease = createRedisLease(
    options.redis,
    `${options.prefix ?? "wheelhouse"}:reconciler:lease`,
    Math.max(3 * intervalMs, 10_000),
  );
  const log = options.execution.log;
  async function pass(): Promise<ReconcileResult | null> {
    if (!(await lease.hold())) return null;
    const result = await reconcilePlans(options);
    if (result.enqueued.length + result.expired.length + result.interrupted.length > 0) {
      log({ msg: "reconciler pass", ...result });
    }
    return result;
  }
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const loop = () => {
    running = pass()
      .catch((error: unknown) =>
        log({ msg: "reconciler pass failed", error: codedErrorInfo(error) }),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  loop();
  return {
    pass,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await lease.release();
    },
  };
}
