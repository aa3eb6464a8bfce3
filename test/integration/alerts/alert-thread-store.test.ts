// The alert thread store on real Redis: records round-trip under their groupKey with a TTL, work
// on one group runs one at a time across connections, and a busy group is given up on in time.
import { afterAll, describe, expect, it } from "vitest";
import {
  type AlertThreadRecord,
  createAlertThreadStore,
} from "../../../src/store/alert-threads.ts";
import { MutexBusyError, withRedisMutex } from "../../../src/store/redis-mutex.ts";
import { createTestRedis } from "../store/redis-test-support.ts";

const redis = createTestRedis("alert-threads");
afterAll(() => redis.cleanup());

const record = (groupKey: string): AlertThreadRecord => ({
  groupKey,
  channel: "C0ALERTS",
  threadTs: "1764580000.000001",
  status: "firing",
  groupLabels: { alertname: "KubePodCrashLooping" },
  openedAt: "2026-12-01T09:00:00.000Z",
  updatedAt: "2026-12-01T09:00:00.000Z",
  notifications: 1,
  alerts: [],
  diagnosed: [],
});

describe("the alert thread store", () => {
  it("keeps a record under its groupKey, with a TTL", async () => {
    const store = createAlertThreadStore(redis.redis, { prefix: redis.prefix });
    const groupKey = '{}/{namespace="shop"}:{alertname="KubePodCrashLooping"}';
    expect(await store.get(groupKey)).toBeNull();
    await store.save(record(groupKey), 60);
    expect(await store.get(groupKey)).toEqual(record(groupKey));
    expect(await store.get(`${groupKey} `)).toBeNull();
    const [key] = await redis.redis.keys(`${redis.prefix}:alert-thread:*`);
    expect(await redis.redis.ttl(key ?? "")).toBeGreaterThan(50);
  });

  it("refuses a record it cannot read instead of starting a second thread", async () => {
    const store = createAlertThreadStore(redis.redis, { prefix: `${redis.prefix}-bad` });
    await store.save(record("g"), 60);
    const [key] = await redis.redis.keys(`${redis.prefix}-bad:alert-thread:*`);
    await redis.redis.set(key ?? "", "{not json", "EX", 60);
    await expect(store.get("g")).rejects.toMatchObject({ code: "alert_thread_record_invalid" });
  });

  it("runs one group's work one at a time across connections", async () => {
    const stores = [redis.connect(), redis.connect(), redis.connect()].map((c) =>
      createAlertThreadStore(c, { prefix: redis.prefix }),
    );
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        stores[i % 3]?.withGroup("same-group", async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it("gives up on a busy key after waitMs, and frees it however the work ends", async () => {
    const key = `${redis.prefix}:mutex-test`;
    let release: () => void = () => undefined;
    const held = withRedisMutex(
      redis.redis,
      key,
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(
      withRedisMutex(redis.connect(), key, async () => 1, { waitMs: 100 }),
    ).rejects.toBeInstanceOf(MutexBusyError);
    release();
    await held;
    await expect(
      withRedisMutex(redis.redis, key, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await withRedisMutex(redis.redis, key, async () => 2, { waitMs: 0 })).toBe(2);
  });
});
