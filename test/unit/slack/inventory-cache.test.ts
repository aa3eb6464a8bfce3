import { describe, expect, it } from "vitest";
import type { Inventory } from "../../../src/model/release.ts";
import { createInventoryCache } from "../../../src/slack/inventory-cache.ts";

describe("createInventoryCache", () => {
  it("shares one listing between concurrent callers and reuses it within the TTL", async () => {
    let clock = 0;
    let calls = 0;
    const cache = createInventoryCache(
      async () => {
        calls++;
        return [];
      },
      1000,
      () => clock,
    );
    await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(calls).toBe(1);
    clock = 999;
    await cache.get();
    expect(calls).toBe(1);
    clock = 1000;
    await cache.get();
    expect(calls).toBe(2);
    await cache.fresh();
    expect(calls).toBe(3);
  });

  it("answers a copy past its TTL at once while listing again behind it, up to maxStale", async () => {
    let clock = 0;
    let listed = 0;
    let release = () => {};
    const cache = createInventoryCache(
      () => {
        listed++;
        const rows = [{ name: `web-${listed}` }] as unknown as Inventory;
        return listed === 1
          ? Promise.resolve(rows)
          : new Promise<Inventory>((resolve) => {
              release = () => resolve(rows);
            });
      },
      1000,
      () => clock,
      60_000,
    );
    expect(await cache.get()).toEqual([{ name: "web-1" }]);
    clock = 5000;
    // The listing behind it has not answered: the read does not wait for it.
    expect(await cache.get()).toEqual([{ name: "web-1" }]);
    expect(listed).toBe(2);
    release();
    await cache.fresh().then(
      () => undefined,
      () => undefined,
    );
    expect(await cache.get()).toEqual([{ name: "web-2" }]);
    // Older than maxStale: the read waits for a new listing.
    clock = 120_000;
    const waited = cache.get();
    release();
    expect(await waited).toEqual([{ name: "web-3" }]);
  });

  it("does not keep a failure", async () => {
    let fail = true;
    const cache = createInventoryCache(async () => {
      if (fail) throw new Error("cluster unreachable");
      return [];
    }, 1000);
    await expect(cache.get()).rejects.toThrow("cluster unreachable");
    fail = false;
    await expect(cache.get()).resolves.toEqual([]);
  });
});
