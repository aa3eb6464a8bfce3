// One operation at a time per release: a Redis key set only when free, with a TTL, renewed by
// its holder while the work runs and released only by it (compare-and-delete in Lua). Every
// acquisition carries a fencing token, a number that grows with each holder: the plan store
// refuses a write guarded by a lock its writer no longer holds, so a worker that lost its lock
// (expired while it was stalled, or taken away) can report nothing.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { ReleaseRef } from "../model/release.ts";

export interface ReleaseLockOptions {
  // Key prefix. Default "wheelhouse".
  prefix?: string;
  // How long to wait for a busy lock before giving up. Default 0: refuse at once.
  waitMs?: number;
  // What the holder says it is doing (shown to whoever waits). Default "".
  owner?: string;
}

export class ReleaseLockedError extends Error {
  readonly code = "release_locked";
  readonly release: ReleaseRef;
  readonly holder: string;
  readonly waitedMs: number;
  constructor(release: ReleaseRef, holder: string, waitedMs: number) {
    const by = holder === "" ? "another operation" : holder;
    const seconds = Math.round(waitedMs / 1000);
    const waited = seconds > 0 ? ` (waited ${seconds}s)` : "";
    super(`${release.namespace}/${release.name} is busy: ${by} holds its lock${waited}.`);
    this.name = "ReleaseLockedError";
    this.release = release;
    this.holder = holder;
    this.waitedMs = waitedMs;
  }
}

export class ReleaseLockLostError extends Error {
  readonly code = "release_lock_lost";
  readonly release: ReleaseRef;
  constructor(release: ReleaseRef, cause?: unknown) {
    super(
      `The lock on ${release.namespace}/${release.name} was lost while the work ran (it expired or was taken).`,
      { cause },
    );
    this.name = "ReleaseLockLostError";
    this.release = release;
  }
}

// KEYS[1] the lock, KEYS[2] its fencing counter. ARGV: the value after the fence (random: this
// acquisition's own), the TTL (ms). Returns the fence, or 0 when the lock is taken. A lock this
// very acquisition already took answers its fence: ioredis resends a command whose reply a Redis
// restart swallowed, and the holder must not be refused by its own lock.
const ACQUIRE = `
local held = redis.call('GET', KEYS[1])
if held then
  local space = string.find(held, ' ', 1, true)
  if space and string.sub(held, space + 1) == ARGV[1] then
    return tonumber(string.sub(held, 1, space - 1))
  end
  return 0
end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], fence .. ' ' .. ARGV[1], 'PX', ARGV[2])
return fence`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

// KEYS[1] the lock, KEYS[2] its fencing counter. ARGV: the holder's token, the TTL (ms), its
// fence. A lock that expired while Redis was away (its TTL ran out during a restart) is taken
// back only if nobody acquired it since: every acquisition moves the counter past this fence.
const EXTEND = `
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if held == false and redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

// What a write guarded by this lock carries: the store compares token with the lock's value.
export interface LockGuard {
  readonly key: string;
  readonly token: string;
  readonly fence: number;
}

export interface HeldReleaseLock extends LockGuard {
  // false when the lock was lost (expired and maybe taken by someone else).
  extend(ttlMs: number): Promise<boolean>;
  release(): Promise<boolean>;
}

// The lock as the work sees it while holding it.
export interface ReleaseLockLease extends LockGuard {
  // Aborts (with a ReleaseLockLostError) once the lock is known lost.
  readonly signal: AbortSignal;
  // Known lost, or not confirmed for a whole TTL (Redis unreachable: someone may hold it now).
  lost(): boolean;
  // Asks Redis now (renewing it): is the lock still, or again, this holder's? Before a step
  // that must not run without it, and after one that outlasted a Redis outage.
  confirm(): Promise<boolean>;
}

export function releaseLockKey(release: ReleaseRef, prefix = "wheelhouse"): string {
  return `${prefix}:lock:release:${release.namespace}/${release.name}`;
}

// "<fence> <random> <owner>": who holds it, for whoever is refused.
function holderOf(value: string): string {
  return value.split(" ").slice(2).join(" ");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireReleaseLock(
  redis: Redis,
  release: ReleaseRef,
  ttlMs: number,
  options: ReleaseLockOptions = {},
): Promise<HeldReleaseLock> {
  const key = releaseLockKey(release, options.prefix);
  const rest = `${randomBytes(12).toString("base64url")} ${options.owner ?? ""}`;
  const started = Date.now();
  const waitMs = options.waitMs ?? 0;
  let delay = 50;
  let fence = 0;
  for (;;) {
    fence = Number(await redis.eval(ACQUIRE, 2, key, `${key}:fence`, rest, String(ttlMs)));
    if (fence > 0) break;
    const waited = Date.now() - started;
    if (waited >= waitMs) {
      throw new ReleaseLockedError(release, holderOf((await redis.get(key)) ?? ""), waited);
    }
    await sleep(Math.min(delay, waitMs - waited));
    delay = Math.min(delay * 2, 2000);
  }
  const token = `${fence} ${rest}`;
  return {
    key,
    token,
    fence,
    extend: async (ms) =>
      (await redis.eval(EXTEND, 2, key, `${key}:fence`, token, String(ms), String(fence))) === 1,
    release: async () => (await redis.eval(RELEASE, 1, key, token)) === 1,
  };
}

// Runs fn holding an acquired lock, renewing it every third of its TTL, and releases it however
// fn ends. A renewal that fails on a Redis error (or waits for Redis to come back) is tried
// again at the next tick. The lock is known lost once the holder's renewal is refused; while no
// renewal went through for a whole TTL it counts as lost too, until one does (the lock taken
// back after Redis returned, nobody having acquired it meanwhile).
export async function keepReleaseLock<T>(
  lock: HeldReleaseLock,
  release: ReleaseRef,
  ttlMs: number,
  fn: (lease: ReleaseLockLease) => Promise<T>,
): Promise<T> {
  const lost = new AbortController();
  let renewedAt = Date.now();
  const renew = async (): Promise<boolean> => {
    if (lost.signal.aborted) return false;
    try {
      if (await lock.extend(ttlMs)) {
        renewedAt = Date.now();
        return true;
      }
      lost.abort(new ReleaseLockLostError(release));
      return false;
    } catch {
      // Redis unreachable: the next tick (or confirm) asks again.
      return false;
    }
  };
  const unconfirmed = () => Date.now() - renewedAt >= ttlMs;
  const timer = setInterval(() => void renew(), Math.max(10, Math.floor(ttlMs / 3)));
  const lease: ReleaseLockLease = {
    key: lock.key,
    token: lock.token,
    fence: lock.fence,
    signal: lost.signal,
    lost: () => lost.signal.aborted || unconfirmed(),
    confirm: async () => (await renew()) || (!lost.signal.aborted && !unconfirmed()),
  };
  try {
    return await fn(lease);
  } finally {
    clearInterval(timer);
    await lock.release();
  }
}

export async function withReleaseLock<T>(
  redis: Redis,
  release: ReleaseRef,
  ttlMs: number,
  fn: (lease: ReleaseLockLease) => Promise<T>,
  options: ReleaseLockOptions = {},
): Promise<T> {
  const lock = await acquireReleaseLock(redis, release, ttlMs, options);
  return keepReleaseLock(lock, release, ttlMs, fn);
}
