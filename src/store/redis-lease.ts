// A lease on a key: whoever holds it does the work (the release watcher's polling), renewing it
// each round; a holder that stops renewing loses it after ttlMs and another replica takes over.
// Take-or-renew is one Lua script, so two replicas never both believe they hold it.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

const HOLD = `
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if current == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface RedisLease {
  // Takes the lease if it is free, renews it if ours; false while another replica holds it.
  hold(): Promise<boolean>;
  // Gives it up at once (shutdown), if ours.
  release(): Promise<void>;
}

export function createRedisLease(redis: Redis, key: string, ttlMs: number): RedisLease {
  const token = randomBytes(12).toString("base64url");
  return {
    hold: async () => (await redis.eval(HOLD, 1, key, token, String(ttlMs))) === 1,
    release: async () => {
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
