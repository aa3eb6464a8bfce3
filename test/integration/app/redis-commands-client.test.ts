// The roles' commands client (redis-connections.ts) on a real Redis: the commands concurrent
// requests send in the same turn of the event loop leave in one socket write, and each still
// gets its own answer.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandClientOptions } from "../../../src/app/redis-connections.ts";
import { claimOnce } from "../../../src/store/dedupe.ts";
import { type PrivateRedis, startPrivateRedis } from "../../support/private-redis.ts";

describe("the commands client", () => {
  let server: PrivateRedis;
  let redis: Redis;
  let writes = 0;

  beforeAll(async () => {
    server = await startPrivateRedis();
    redis = new Redis(server.url, commandClientOptions("app"));
    await redis.ping();
    // Counted where they leave the process: the socket ioredis writes to.
    const socket = redis.stream;
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      writes++;
      return write(...args);
    }) as typeof socket.write;
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it("sends the commands of 50 requests in one turn as one write, each with its answer", async () => {
    await redis.set("wh:test:seen", "yes");
    writes = 0;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0 ? claimOnce(redis, `wh:test:claim:${i % 10}`, 60) : redis.get("wh:test:seen"),
      ),
    );
    expect(writes).toBe(1);
    // Even requests claim keys 0, 2, 4, 6, 8 five times each: only the first claim of each wins.
    const claims = answers.filter((_, i) => i % 2 === 0);
    expect(claims.filter((won) => won === true)).toHaveLength(5);
    expect(answers.filter((_, i) => i % 2 === 1)).toEqual(Array(25).fill("yes"));
  });

  it("sends commands one turn apart as writes of their own", async () => {
    writes = 0;
    await redis.get("wh:test:seen");
    await redis.get("wh:test:seen");
    expect(writes).toBe(2);
  });
});
