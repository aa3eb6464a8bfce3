// Gives memory back to the system once the process has gone quiet. V8 (13.6, Node 24) keeps the
// heap pages a burst of work needed even after a full GC has emptied them: measured on the app
// role, RSS went 350 → 500 MB from 1,000 to 10,000 requests while the live heap stayed at 40 MB
// (bench/slack.bench.ts, bench/lib/process-memory.ts). Only V8's "last resort" collection, the
// one it runs before giving up on an allocation, returns them. It pauses the thread for about
// 100-300 ms, so it runs only when the event loop has been nearly idle for a whole check period
// and RSS has grown by a set amount since it last ran, and at most once per check period. Each
// worker thread's isolate does the same with its own pages (the helm process thread held 22 MB
// of them after 10,000 requests), so the release runs there too.
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Log } from "./log.ts";

type FullGc = (options: {
  type: "major";
  execution: "sync";
  flavor: "last-resort";
}) => void | Promise<void>;

let gcFunction: FullGc | null | undefined;

// V8's gc() as --expose-gc would give it, without putting it on every module's global: the flag
// is on only while one fresh context is made, and that context's gc is kept here.
function fullGc(): FullGc | null {
  if (gcFunction !== undefined) return gcFunction;
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === "function") {
    gcFunction = global as FullGc;
    return gcFunction;
  }
  try {
    setFlagsFromString("--expose-gc");
    const exposed: unknown = runInNewContext("gc");
    gcFunction = typeof exposed === "function" ? (exposed as FullGc) : null;
  } catch {
    gcFunction = null;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
  return gcFunction;
}

export interface ReleaseResult {
  rssBefore: number;
  rssAfter: number;
  ms: number;
}

// The collection the idle check runs, now; null where V8's gc cannot be had.
export async function releaseMemoryNow(): Promise<ReleaseResult | null> {
  const gc = fullGc();
  if (gc === null) return null;
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  await gc({ type: "major", execution: "sync", flavor: "last-resort" });
  return { rssBefore, rssAfter: process.memoryUsage.rss(), ms: performance.now() - started };
}

export interface IdleReleaseOptions {
  log: Log;
  // How often the event loop's use is looked at; the quiet period is one whole period.
  checkEveryMs?: number;
  // Below this share of the period busy, the process counts as idle.
  idleBelow?: number;
  // RSS growth since the last release that makes one worth its pause.
  minGrowthBytes?: number;
  // The same release in the process's other isolates (its worker threads keep their pages as
  // the main thread does), each run after the main thread's.
  threads?: ReadonlyArray<() => Promise<void>>;
}

export const IDLE_RELEASE_DEFAULTS = {
  checkEveryMs: 15_000,
  idleBelow: 0.05,
  minGrowthBytes: 32 * 1024 * 1024,
} as const;

export interface IdleRelease {
  stop(): void;
}

export function startIdleMemoryRelease(options: IdleReleaseOptions): IdleRelease {
  const { checkEveryMs, idleBelow, minGrowthBytes } = { ...IDLE_RELEASE_DEFAULTS, ...options };
  let baseline = process.memoryUsage.rss();
  let last = performance.eventLoopUtilization();
  let running = false;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    if (running || busy >= idleBelow || process.memoryUsage.rss() - baseline < minGrowthBytes)
      return;
    running = true;
    void releaseMemoryNow()
      .then(async (result) => {
        if (result === null) return;
        for (const release of options.threads ?? []) await release();
        baseline = process.memoryUsage.rss();
        options.log("debug", "idle memory released", {
          rssBeforeMb: Math.round(result.rssBefore / 1048576),
          rssAfterMb: Math.round(baseline / 1048576),
          pauseMs: Math.round(result.ms),
        });
      })
      .finally(() => {
        running = false;
        // The collection's own pause is not the next period's work.
        last = performance.eventLoopUtilization();
      });
  }, checkEveryMs);
  // A CLI command or test ends when its work does, not when this timer would.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
