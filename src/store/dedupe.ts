// "Have we seen this before?" for Slack's event retries and double clicks: the first caller of
// a key gets true for ttlSeconds, everyone else false. The first caller stays first even when
// ioredis resends its claim after a Redis restart swallowed the reply (a plain SET NX would
// then answer "seen" to the very request that set it, and drop it).
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

// KEYS[1] the key. ARGV: the claimant's token, the TTL (ms). 1 when the key is (now, or already)
// this claimant's.
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then return 1 end
if held then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

// The key for this token, if nobody else holds it.
export async function claimKey(
  redis: Redis,
  key: string,
  token: string,
  ttlMs: number,
): Promise<boolean> {
  return (await redis.eval(CLAIM, 1, key, token, String(ttlMs))) === 1;
}

export async function claimOnce(redis: Redis, key: string, ttlSeconds: number): Promise<boolean> {
  return claimKey(redis, key, randomBytes(9).toString("base64url"), ttlSeconds * 1000);
}
