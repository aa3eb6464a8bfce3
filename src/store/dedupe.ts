// "Have we seen this before?" for Slack's event retries and double clicks: the first caller of
// a key gets true for ttlSeconds, everyone else false.
import type { Redis } from "ioredis";

export async function claimOnce(redis: Redis, key: string, ttlSeconds: number): Promise<boolean> {
  return (await redis.set(key, "1", "EX", ttlSeconds, "NX")) === "OK";
}
