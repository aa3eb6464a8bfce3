// Which thread message says "Running…" for a plan, kept in Redis: the worker that posted it may
// die mid-run, and the one that reports the interruption must turn that same message into the
// result instead of leaving it saying "Running…" above a second message.
import type { Redis } from "ioredis";

export interface RunningMessages {
  remember(planId: string, ts: string): Promise<void>;
  recall(planId: string): Promise<string | null>;
  forget(planId: string): Promise<void>;
}

// Outlives the longest run and its recovery; a plan never reported lets its entry die.
const TTL_SECONDS = 24 * 3600;

export function createRunningMessages(redis: Redis, prefix = "wheelhouse"): RunningMessages {
  const key = (planId: string) => `${prefix}:slack:running:${planId}`;
  return {
    async remember(planId, ts) {
      await redis.set(key(planId), ts, "EX", TTL_SECONDS);
    },
    recall: (planId) => redis.get(key(planId)),
    async forget(planId) {
      await redis.del(key(planId));
    },
  };
}
