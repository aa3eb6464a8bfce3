// A redis-server of a test's own, on a free loopback port, with every write fsynced to its
// append-only file before it is acknowledged: a test can kill it (SIGKILL, as a crashed pod) or
// shut it down (SHUTDOWN, as a rolling restart) and start it again on the same port and
// directory, and what was acknowledged is still there. Never the shared Redis on 6379.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PrivateRedis {
  port: number;
  url: string;
  dir: string;
  // How many times it was started (1 after startPrivateRedis).
  readonly starts: number;
  // Stops it (SIGKILL: no goodbye to clients; shutdown: SHUTDOWN, as an orderly restart) and
  // starts it again on the same port and directory; resolves once it answers PING again.
  restart(how: "kill" | "shutdown", downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

// One raw RESP command on a fresh socket (no client library, so no retry or queue of its own).
function rawCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let reply = "";
    socket.setTimeout(1000, () => socket.destroy(new Error("redis: no reply in 1 s")));
    socket.once("error", reject);
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.endsWith("\r\n")) {
        socket.end();
        resolve(reply.trim());
      }
    });
    socket.on("close", () => resolve(reply.trim()));
    socket.connect(port, "127.0.0.1", () => {
      socket.write(`*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join("")}`);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForPong(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`);
    // -LOADING while it replays the append-only file: not ready yet.
    const reply = await rawCommand(port, "PING").catch(() => "");
    if (reply === "+PONG") return;
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer PING`);
    await sleep(25);
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function startPrivateRedis(bin = "redis-server"): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), "wh-private-redis-"));
  const port = await freePort();
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--appendonly",
    "yes",
    "--appendfsync",
    "always",
    // No RDB snapshots: the append-only file alone is what survives.
    "--save",
    "",
    "--daemonize",
    "no",
    "--loglevel",
    "warning",
  ];
  let child: ChildProcess;
  let starts = 0;
  async function start(): Promise<void> {
    child = spawn(bin, args, { stdio: ["ignore", "ignore", "inherit"] });
    starts += 1;
    await waitForPong(port, child);
  }
  async function halt(how: "kill" | "shutdown"): Promise<void> {
    if (how === "kill") child.kill("SIGKILL");
    // SHUTDOWN answers nothing when it works: the connection just closes.
    else await rawCommand(port, "SHUTDOWN").catch(() => child.kill("SIGKILL"));
    await exited(child);
  }
  await start();
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    get starts() {
      return starts;
    },
    async restart(how, downMs = 0) {
      await halt(how);
      if (downMs > 0) await sleep(downMs);
      await start();
    },
    async stop() {
      await halt("kill");
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ReplyCutter {
  // Where clients connect instead of the server itself.
  url: string;
  // The next reply the server sends is dropped and the connection cut, as if Redis died after
  // applying the command and before answering it; resolves once that happened.
  loseNextReply(): Promise<void>;
  close(): Promise<void>;
}

// A loopback TCP relay in front of a private Redis that can lose a reply on purpose: the one
// moment of a crash that a restart at a random time almost never hits.
export async function startReplyCutter(redis: Pick<PrivateRedis, "port">): Promise<ReplyCutter> {
  let armed: (() => void) | null = null;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket();
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.connect(redis.port, "127.0.0.1");
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => {
      const cut = armed;
      if (cut === null) {
        client.write(chunk);
        return;
      }
      armed = null;
      client.destroy();
      upstream.destroy();
      cut();
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("relay has no port");
  return {
    url: `redis://127.0.0.1:${address.port}`,
    loseNextReply: () =>
      new Promise<void>((resolve) => {
        armed = resolve;
      }),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
