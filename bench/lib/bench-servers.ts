// Starts the servers a benchmark measures, each in a process of its own (bench-server.ts), so a
// baseline and Wheelhouse never share an event loop, and stops them all at the end.
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { ROLE_NODE_OPTIONS } from "../../src/app/role-node-options.ts";
import type { MemoryBreakdown } from "./process-memory.ts";

export type ServerKind = "slack" | "bolt" | "http" | "app" | "worker";

export type Memory = {
  rss: number;
  // RSS after a plain forced GC, before the release Wheelhouse makes when idle.
  rssAfterGc: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  gc: boolean;
  breakdown?: MemoryBreakdown;
};

export type ToParent =
  | { ready: { port: number; apiUrl?: string; origin?: string } }
  | { memory: Memory }
  | { idle: true };

export interface BenchServer {
  kind: ServerKind;
  pid: number;
  port: number;
  apiUrl: string;
  origin: string;
  // RSS and heap after a forced GC.
  memory(): Promise<Memory>;
  // Resolves when the work the server acknowledged is done (Wheelhouse's app).
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const ENTRY = join(import.meta.dirname, "bench-server.ts");

export function startServer(kind: ServerKind, env: Record<string, string>): Promise<BenchServer> {
  // BENCH_PROFILE=DIR writes CPU profiles of Wheelhouse's processes there.
  const profile =
    process.env.BENCH_PROFILE && (kind === "app" || kind === "worker")
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
  const child: ChildProcess = fork(ENTRY, [kind], {
    env: { ...process.env, ...env },
    // The roles run with the V8 settings they are started with in production.
    execArgv: [
      "--expose-gc",
      ...(kind === "app" || kind === "worker" ? ROLE_NODE_OPTIONS.split(" ") : []),
      ...profile,
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ask = <T>(what: string, pick: (m: ToParent) => T | undefined): Promise<T> =>
    new Promise((resolve) => {
      const onMessage = (message: ToParent) => {
        const value = pick(message);
        if (value === undefined) return;
        child.off("message", onMessage);
        resolve(value);
      };
      child.on("message", onMessage);
      child.send(what);
    });
  return new Promise((resolve, reject) => {
    const early = (code: number | null) =>
      reject(new Error(`the ${kind} server exited (${code}) before it was ready`));
    child.once("exit", early);
    child.on("message", (message: ToParent) => {
      if (!("ready" in message)) return;
      child.off("exit", early);
      resolve({
        kind,
        pid: child.pid ?? 0,
        port: message.ready.port,
        apiUrl: message.ready.apiUrl ?? "",
        origin: message.ready.origin ?? "",
        memory: () => ask("memory", (m) => ("memory" in m ? m.memory : undefined)),
        idle: () => ask("idle", (m) => ("idle" in m ? true : undefined)).then(() => undefined),
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.send("stop");
          const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}

export async function stopAll(servers: Array<BenchServer | null | undefined>): Promise<void> {
  await Promise.all(servers.map((server) => server?.stop()));
}
