// Redis for the playground: the one at REDIS_URL when it answers, else a redis-server of its own
// on loopback (no persistence) that stops with the playground.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createConnection } from "node:net";
import { join } from "node:path";

export interface PlaygroundPart {
  // What it is, for the summaries at start and stop.
  what: string;
  // By the playground (so it stops with it), or found running (so it is left alone).
  started: boolean;
  stop(): Promise<void>;
}

export class PlaygroundStartError extends Error {
  readonly code = "wheelhouse_playground_start_failed";
}

// A raw RESP PING: answers true for +PONG (or -NOAUTH: a Redis that wants a password is there).
export function pingRedis(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString("utf8"))));
  });
}

export async function ensureRedis(
  url: string,
  stateDir: string,
): Promise<PlaygroundPart & { url: string }> {
  const parsed = new URL(url);
  const host = parsed.hostname || "127.0.0.1";
  const port = Number(parsed.port || 6379);
  if (await pingRedis(host, port))
    return { url, what: `Redis at ${host}:${port}`, started: false, stop: async () => {} };
  if (host !== "127.0.0.1" && host !== "localhost")
    throw new PlaygroundStartError(
      `Redis does not answer at ${host}:${port} (REDIS_URL); start it or unset REDIS_URL`,
    );
  const dir = join(stateDir, "redis");
  await mkdir(dir, { recursive: true });
  const log = createWriteStream(join(dir, "redis.log"));
  const args = [
    "--bind",
    "127.0.0.1",
    "--port",
    String(port),
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
  ];
  // Its own process group, like the bot: stopped by the playground after the bot, not by Ctrl-C.
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const failed = new Promise<never>((_, reject) =>
    child.once("error", (error) =>
      reject(
        new PlaygroundStartError(
          `redis-server did not start (${error.message}): apt-get install redis-server`,
          { cause: error },
        ),
      ),
    ),
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; i < 40 && !(await Promise.race([pingRedis(host, port), failed])); i++)
    await new Promise((resolve) => setTimeout(resolve, 250));
  return {
    url,
    what: `Redis at ${host}:${port}`,
    started: true,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
