// The watcher's lease on real Redis: one holder at a time, renewed by its holder, taken over
// when it lapses or is given up.
import { afterAll, describe, expect, it } from "vitest";
import { createRedisLease } from "../../../src/store/redis-lease.ts";
import { createTestRedis } from "../store/redis-test-support.ts";

const redis = createTestRedis("lease");
afterAll(() => redis.cleanup());

describe("createRedisLease", () => {
  it("lets one replica hold it and renew it", async () => {
    const key = `${redis.prefix}:lease-a`;
    const a = createRedisLease(redis.connect(), key, 5000);
    const b = createRedisLease(redis.connect(), key, 5000);
    const both = await Promise.all([a.hold(), b.hold()]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const [holder, other] = both[0] ? [a, b] : [b, a];
    expect(await holder.hold()).toBe(true);
    expect(await other.hold()).toBe(false);
    await other.release();
    expect(await other.hold()).toBe(false);
  });

  it("is taken over when it lapses or is given up", async () => {
    const key = `${redis.prefix}:lease-b`;
    const a = createRedisLease(redis.redis, key, 150);
    const b = createRedisLease(redis.redis, key, 150);
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
    await b.release();
    expect(await a.hold()).toBe(true);
  });
});
