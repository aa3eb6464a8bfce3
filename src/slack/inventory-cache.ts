// The release inventory (`helm list -A`) for reading messages: cached briefly and shared by
// concurrent requests. Plans never use a cached copy: they ask for a fresh one.
import type { Inventory } from "../model/release.ts";

export interface InventoryCache {
  get(): Promise<Inventory>;
  fresh(): Promise<Inventory>;
}

export function createInventoryCache(
  list: () => Promise<Inventory>,
  ttlMs: number,
  now: () => number = Date.now,
): InventoryCache {
  let cached: { at: number; value: Inventory } | null = null;
  let inFlight: Promise<Inventory> | null = null;
  const load = (): Promise<Inventory> => {
    if (inFlight) return inFlight;
    const started = now();
    inFlight = list().then(
      (value) => {
        cached = { at: started, value };
        inFlight = null;
        return value;
      },
      (error: unknown) => {
        inFlight = null;
        throw error;
      },
    );
    return inFlight;
  };
  return {
    get: () => (cached && now() - cached.at < ttlMs ? Promise.resolve(cached.value) : load()),
    fresh: load,
  };
}
