import { describe, expect, it } from "vitest";
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
