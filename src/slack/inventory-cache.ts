// The release inventory (`helm list -A`) for reading messages: cached briefly and shared by
// concurrent requests. A plan starts from the cached copy only while a fresh listing runs
// beside it, and is made again from the fresh one if its release changed (handle-intent.ts).
// Past its TTL a copy is still answered at once (up to maxStaleMs) while a new listing runs
// behind it: a read must not wait for a whole `helm list -A` before its own helm call, and a
// request naming a release the old copy lacks asks for a fresh one (analyse-request-text.ts).
import type { Inventory } from "../model/release.ts";

export interface InventoryCache {
  get(): Promise<Inventory>;
  fresh(): Promise<Inventory>;
}

export function createInventoryCache(
  list: () => Promise<Inventory>,
  ttlMs: number,
  now: () => number = Date.now,
  maxStaleMs = 5 * 60_000,
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
    get: () => {
      const age = cached ? now() - cached.at : Infinity;
      if (cached === null || age >= Math.max(ttlMs, maxStaleMs)) return load();
      // A failed listing in the background is not this read's failure: the next one retries.
      if (age >= ttlMs) load().catch(() => undefined);
      return Promise.resolve(cached.value);
    },
    fresh: load,
  };
}
