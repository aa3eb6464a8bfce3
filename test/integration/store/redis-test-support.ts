// Redis for tests: the real server, a key prefix of this test file's own, and everything under
// it deleted afterwards.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { testEnvironment as env } from "../../support/test-environment.ts";

export interface TestRedis {
  redis: Redis;
  prefix: string;
  // A second connection, for what must not share the first (blocking commands, concurrency).
  connect(): Redis;
  cleanup(): Promise<void>;
}

// prefix: a given one (a cluster's, "wheelhouse:<cluster>", for a whole bot in a process).
export function createTestRedis(label: string, options: { prefix?: string } = {}): TestRedis {
  const prefix = options.prefix ?? `wh-test-${label}-${randomBytes(4).toString("hex")}`;
  const connections: Redis[] = [];
  const connect = () => {
    const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
    connections.push(redis);
    return redis;
  };
  const redis = connect();
  return {
    redis,
    prefix,
    connect,
    async cleanup() {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      await Promise.all(connections.map((c) => c.quit()));
    },
  };
}
