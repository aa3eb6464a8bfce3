// The Redis connections of a role, made one way for production and tests: the commands client
// (store, audit, locks, dedupe) and the options BullMQ opens its own connections from. Both ride
// out a Redis restart: commands wait in ioredis' offline queue while it reconnects (ioredis
// resends the ones in flight, which is why every write in store/ may safely run twice), and a
// connection error is a log line, not an unhandled 'error' event printed raw on stderr.
import { Redis, type RedisOptions } from "ioredis";
import type { Log } from "../observe/log.ts";
import { redactText } from "../redact/redact-text.ts";

export interface RedisConnections {
  redis: Redis;
  connection: BullConnection;
}

// BullMQ's: blocking commands must wait through a reconnect (maxRetriesPerRequest null), and
// reconnects as quickly as the commands client (BullMQ's own delay grows to 20 s).
export interface BullConnection {
  url: string;
  maxRetriesPerRequest: null;
  retryStrategy?: (attempt: number) => number;
}

// Between reconnect attempts: quick at first (a restart is over in well under a second), then
// at most a second apart, so a role is back within a second of Redis however long it was away.
export function reconnectDelayMs(attempt: number): number {
  return Math.min(50 * 2 ** Math.max(0, attempt - 1), 1000);
}

// A command waits for Redis this many reconnect attempts (about 17 s) before it fails: the app
// answers a person, who is better told than kept waiting. The worker's commands wait as long as
// it takes: a run half reported is worse than a run reported late.
const APP_RETRIES_PER_COMMAND = 20;

// Auto-pipelining: the commands that concurrent requests send in one turn of the event loop
// leave in one socket write. Each write to Redis wakes it, on the cores the acks need too; in a
// burst of clicks and commands, those writes were 9% of the app's busy time after the acks.
// (No blocking command goes through this client: BullMQ has connections of its own.)
export function commandClientOptions(role: "app" | "worker" | "all"): RedisOptions {
  return {
    retryStrategy: reconnectDelayMs,
    maxRetriesPerRequest: role === "app" ? APP_RETRIES_PER_COMMAND : null,
    enableAutoPipelining: true,
  };
}

// One line per connection lost, not one per failed reconnect attempt.
export function logConnectionErrors(redis: Redis, log: Log, name: string): void {
  let down = false;
  redis.on("error", (error: unknown) => {
    if (down) return;
    down = true;
    const message = error instanceof Error ? error.message : String(error);
    log("warn", "redis connection error; reconnecting", {
      connection: name,
      error: redactText(message),
    });
  });
  redis.on("ready", () => {
    if (down) log("info", "redis connection back", { connection: name });
    down = false;
  });
}

// For BullMQ's queues, which only say "error": at most one line every intervalMs.
export function throttledErrorLog(
  log: Log,
  name: string,
  intervalMs = 10_000,
): (error: Error) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (error) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    log("warn", "redis connection error; reconnecting", {
      connection: name,
      error: redactText(error.message),
    });
  };
}

export function createRedisConnections(
  url: string,
  role: "app" | "worker" | "all",
  log: Log,
): RedisConnections {
  const redis = new Redis(url, commandClientOptions(role));
  logConnectionErrors(redis, log, "commands");
  return {
    redis,
    connection: { url, maxRetriesPerRequest: null, retryStrategy: reconnectDelayMs },
  };
}
