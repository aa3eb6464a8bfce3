// One holder at a time for a key, across every replica: SET NX PX with a random token, extended
// while the work runs, released only by its holder (compare-and-delete in Lua). For work that
// reads, decides and writes (an alert group's thread), where a claim alone would lose updates.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { claimKey } from "./dedupe.ts";

export interface RedisMutexOptions {
  // Expiry of a holder that stopped extending (crashed). Default 30 s.
  ttlMs?: number;
  // How long to wait for a busy key before giving up. Default 60 s.
  waitMs?: number;
}

export class MutexBusyError extends Error {
  readonly code = "mutex_busy";
  readonly key: string;
  constructor(key: string, waitedMs: number) {
    super(`${key} stayed busy for ${Math.round(waitedMs / 1000)}s.`);
    this.name = "MutexBusyError";
    this.key = key;
  }
}

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquire(redis: Redis, key: string, token: string, ttlMs: number, waitMs: number) {
  const started = Date.now();
  let delay = 10;
  while (!(await claimKey(redis, key, token, ttlMs))) {
    const waited = Date.now() - started;
    if (waited >= waitMs) throw new MutexBusyError(key, waited);
    // Jitter: replicas that lost the same race do not retry in lockstep.
    await sleep(Math.min(delay + Math.random() * delay, Math.max(1, waitMs - waited)));
    delay = Math.min(delay * 2, 500);
  }
}

export async function withRedisMutex<T>(
  redis: Redis,
  key: string,
  fn: () => Promise<T>,
  options: RedisMutexOptions = {},
): Promise<T> {
  const ttlMs = options.ttlMs ?? 30_000;
  const token = randomBytes(12).toString("base64url");
  await acquire(redis, key, token, ttlMs, options.waitMs ?? 60_000);
  const timer = setInterval(
    () => {
      // A failed extension is retried at the next tick: the TTL outlasts two missed ticks.
      redis.eval(EXTEND, 1, key, token, String(ttlMs)).catch(() => undefined);
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  );
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    await redis.eval(RELEASE, 1, key, token);
  }
}
