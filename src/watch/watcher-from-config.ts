// The release watcher as configured: none unless WHEELHOUSE_WATCH_INTERVAL_SECONDS is set; its
// lease outlives a few missed rounds, so a replica that dies hands over within ~3 intervals.
import type { Redis } from "ioredis";
import type { Config } from "../config/config.ts";
import { createRedisLease } from "../store/redis-lease.ts";
import { createReleaseEpisodes } from "../store/release-episodes.ts";
import {
  createReleaseWatcher,
  type ReleaseWatcher,
  type ReleaseWatcherDeps,
} from "./release-watcher.ts";

export type WatcherConfig = Pick<
  Config,
  "WHEELHOUSE_WATCH_INTERVAL_SECONDS" | "WHEELHOUSE_WATCH_PENDING_SECONDS"
>;

export type WatcherAdapters = Omit<
  ReleaseWatcherDeps,
  "episodes" | "lease" | "intervalMs" | "pendingThresholdMs"
> & { redis: Redis; prefix?: string };

export function releaseWatcherFromConfig(
  config: WatcherConfig,
  adapters: WatcherAdapters,
): ReleaseWatcher | null {
  const intervalMs = config.WHEELHOUSE_WATCH_INTERVAL_SECONDS * 1000;
  if (intervalMs === 0) return null;
  const prefix = adapters.prefix ?? "wheelhouse";
  const { redis, prefix: _prefix, ...deps } = adapters;
  return createReleaseWatcher({
    ...deps,
    intervalMs,
    pendingThresholdMs: config.WHEELHOUSE_WATCH_PENDING_SECONDS * 1000,
    episodes: createReleaseEpisodes(redis, prefix),
    lease: createRedisLease(redis, `${prefix}:watch:lease`, Math.max(3 * intervalMs, 30_000)),
  });
}
