// The per-release lock on the real Redis: exclusive, released only by its holder, extended
// while work runs, and a clear refusal after waiting.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { claimOnce } from "../../../src/store/dedupe.ts";
import {
  acquireReleaseLock,
  ReleaseLockedError,
  ReleaseLockLostError,
  releaseLockKey,
  withReleaseLock,
} from "../../../src/store/release-lock.ts";
import { createTestRedis } from "./redis-test-support.ts";

describe("release lock", () => {
  const test = createTestRedis("lock");
  const options = { prefix: test.prefix };
  const web = { name: "web", namespace: "shop" };
  afterAll(() => test.cleanup());

  it("lets one holder in and refuses the next at once, naming the holder", async () => {
    const first = await acquireReleaseLock(test.redis, web, 5000, { ...options, owner: "plan A" });
    const error = await acquireReleaseLock(test.redis, web, 5000, options).catch((e) => e);
    expect(error).toBeInstanceOf(ReleaseLockedError);
    expect(error).toMatchObject({ code: "release_locked", holder: "plan A" });
    expect(error.message).toBe("shop/web is busy: plan A holds its lock.");
    // Another release is free.
    const other = await acquireReleaseLock(test.redis, { ...web, name: "api" }, 5000, options);
    expect(await other.release()).toBe(true);
    expect(await first.release()).toBe(true);
  });

  it("is released only by its holder, even after it expired and was taken again", async () => {
    const stale = await acquireReleaseLock(test.redis, web, 100, options);
    await sleep(150);
    const fresh = await acquireReleaseLock(test.redis, web, 5000, options);
    expect(await stale.release()).toBe(false);
    expect(await stale.extend(5000)).toBe(false);
    expect(await test.redis.get(releaseLockKey(web, test.prefix))).toBe(fresh.token);
    expect(await fresh.release()).toBe(true);
  });

  it("makes a second caller wait and then run after the first", async () => {
    const order: string[] = [];
    const first = withReleaseLock(
      test.redis,
      web,
      5000,
      async () => {
        order.push("first start");
        await sleep(300);
        order.push("first end");
      },
      options,
    );
    await sleep(20);
    const second = withReleaseLock(
      test.connect(),
      web,
      5000,
      async () => {
        order.push("second");
      },
      { ...options, waitMs: 5000 },
    );
    await Promise.all([first, second]);
    expect(order).toEqual(["first start", "first end", "second"]);
  });

  it("gives up after its wait limit with the time it waited", async () => {
    const held = await acquireReleaseLock(test.redis, web, 5000, options);
    const started = Date.now();
    const error = await withReleaseLock(test.redis, web, 5000, async () => "ran", {
      ...options,
      waitMs: 400,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ReleaseLockedError);
    expect(error.waitedMs).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(1500);
    await held.release();
  });

  it("keeps the lock alive while the work outlasts its TTL, and frees it afterwards", async () => {
    const key = releaseLockKey(web, test.prefix);
    await withReleaseLock(
      test.redis,
      web,
      300,
      async (lease) => {
        await sleep(900);
        expect(lease.lost()).toBe(false);
        expect(await test.redis.exists(key)).toBe(1);
      },
      options,
    );
    expect(await test.redis.exists(key)).toBe(0);
  });

  it("frees the lock when the work throws", async () => {
    await expect(
      withReleaseLock(
        test.redis,
        web,
        5000,
        async () => {
          throw new Error("helm failed");
        },
        options,
      ),
    ).rejects.toThrow("helm failed");
    expect(await test.redis.exists(releaseLockKey(web, test.prefix))).toBe(0);
  });
  it("hands every holder a fencing token larger than the last one", async () => {
    const fences: number[] = [];
    for (let i = 0; i < 3; i++) {
      const lock = await acquireReleaseLock(test.redis, web, 5000, options);
      fences.push(lock.fence);
      expect(lock.token.startsWith(`${lock.fence} `)).toBe(true);
      await lock.release();
    }
    expect(fences[1]).toBe((fences[0] ?? 0) + 1);
    expect(fences[2]).toBe((fences[0] ?? 0) + 2);
  });

  it("tells the work its lock was lost once it is taken away, and leaves the new holder's alone", async () => {
    const key = releaseLockKey(web, test.prefix);
    const seen = await withReleaseLock(
      test.redis,
      web,
      300,
      async (lease) => {
        await test.redis.set(key, "999 thief another worker", "PX", 5000);
        await sleep(250);
        return { lost: lease.lost(), reason: lease.signal.reason };
      },
      options,
    );
    expect(seen.lost).toBe(true);
    expect(seen.reason).toBeInstanceOf(ReleaseLockLostError);
    expect(await test.redis.get(key)).toBe("999 thief another worker");
    await test.redis.del(key);
  });
});

describe("claimOnce", () => {
  const test = createTestRedis("dedupe");
  afterAll(() => test.cleanup());

  it("answers true once per key, for everyone at once, until the TTL passes", async () => {
    const key = `${test.prefix}:event:Ev123`;
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => claimOnce(test.connect(), key, 1)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimOnce(test.redis, key, 1)).toBe(false);
    await sleep(1100);
    expect(await claimOnce(test.redis, key, 1)).toBe(true);
  });
});
