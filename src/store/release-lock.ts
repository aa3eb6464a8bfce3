// One operation at a time per release: SET NX PX with a random token, released and extended
// only by the holder (compare-and-delete in Lua). A second caller polls with backoff up to a
// limit, then gets a ReleaseLockedError that says who is in the way.
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

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

export interface HeldReleaseLock {
  readonly key: string;
  readonly token: string;
  // false when the lock was lost (expired and maybe taken by someone else).
  extend(ttlMs: number): Promise<boolean>;
  release(): Promise<boolean>;
}

export function releaseLockKey(release: ReleaseRef, prefix = "wheelhouse"): string {
  return `${prefix}:lock:release:${release.namespace}/${release.name}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireReleaseLock(
  redis: Redis,
  release: ReleaseRef,
  ttlMs: number,
  options: ReleaseLockOptions = {},
): Promise<HeldReleaseLock> {
  const key = releaseLockKey(release, options.prefix);
  // The owner rides along in the value so a refused caller can say who is in the way.
  const token = `${randomBytes(12).toString("base64url")} ${options.owner ?? ""}`;
  const started = Date.now();
  const waitMs = options.waitMs ?? 0;
  let delay = 50;
  for (;;) {
    if ((await redis.set(key, token, "PX", ttlMs, "NX")) === "OK") break;
    const waited = Date.now() - started;
    if (waited >= waitMs) {
      const holder = (await redis.get(key)) ?? "";
      throw new ReleaseLockedError(release, holder.slice(holder.indexOf(" ") + 1), waited);
    }
    await sleep(Math.min(delay, waitMs - waited));
    delay = Math.min(delay * 2, 2000);
  }
  return {
    key,
    token,
    extend: async (ms) => (await redis.eval(EXTEND, 1, key, token, String(ms))) === 1,
    release: async () => (await redis.eval(RELEASE, 1, key, token)) === 1,
  };
}

// Runs fn holding the lock, extending it every third of its TTL; the lock is released however
// fn ends. fn's signal aborts if the lock is lost while it runs.
export async function withReleaseLock<T>(
  redis: Redis,
  release: ReleaseRef,
  ttlMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
  options: ReleaseLockOptions = {},
): Promise<T> {
  const lock = await acquireReleaseLock(redis, release, ttlMs, options);
  const lost = new AbortController();
  const timer = setInterval(
    () => {
      lock.extend(ttlMs).then(
        (held) => {
          if (!held) lost.abort(new ReleaseLockedError(release, "someone else", 0));
        },
        (error: unknown) => lost.abort(error),
      );
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  );
  try {
    return await fn(lost.signal);
  } finally {
    clearInterval(timer);
    await lock.release();
  }
}
