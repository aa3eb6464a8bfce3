// The playground's Redis: the running one is used and left alone; when none answers, a
// redis-server of its own starts, and stops with the playground.
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureRedis, pingRedis } from "../../../src/playground/ensure-redis.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("ensureRedis", () => {
  it("uses a Redis that answers and leaves it running", async () => {
    const redis = await ensureRedis(env.redisUrl, await mkdtemp(join(tmpdir(), "wh-redis-")));
    expect(redis.started).toBe(false);
    await redis.stop();
    const { hostname, port } = new URL(env.redisUrl);
    expect(await pingRedis(hostname, Number(port || 6379))).toBe(true);
  });

  it("starts its own when none answers, and stops it", async () => {
    const port = await freePort();
    const redis = await ensureRedis(
      `redis://127.0.0.1:${port}`,
      await mkdtemp(join(tmpdir(), "wh-redis-")),
    );
    expect(redis.started).toBe(true);
    expect(await pingRedis("127.0.0.1", port)).toBe(true);
    await redis.stop();
    expect(await pingRedis("127.0.0.1", port)).toBe(false);
  });

  it("refuses to start one for a Redis elsewhere", async () => {
    await expect(ensureRedis("redis://192.0.2.1:6379", tmpdir())).rejects.toThrow(
      /does not answer at 192\.0\.2\.1/,
    );
  });
});
