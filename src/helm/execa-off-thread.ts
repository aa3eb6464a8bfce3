// execa, run from a worker thread of its own. spawn() holds the calling thread until the child
// has exec'd (libuv waits on a pipe for the exec to succeed), which on a busy machine is tens,
// at worst hundreds, of milliseconds: on the main thread that is time no Slack request is acked
// (measured by bench/slack.bench.ts). Off it, the main thread only passes messages. The result
// has the fields run-helm.ts reads; `cause` keeps the error's code (ENOENT, EACCES).
import { parentPort, Worker, workerData } from "node:worker_threads";
import { releaseMemoryNow } from "../observe/release-idle-memory.ts";

// Marks the thread this module starts, so no other worker thread (a test runner's) serves.
const THREAD_MARK = "wheelhouse-execa-thread";

export interface OffThreadOptions {
  env: Record<string, string>;
  // Failures are always results, never thrown (execa's reject: false).
  reject?: false;
  extendEnv: boolean;
  stdin: "ignore";
  timeout: number;
  forceKillAfterDelay: number;
  maxBuffer: number;
  cancelSignal?: AbortSignal;
}

export interface OffThreadResult {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
  timedOut: boolean;
  isCanceled: boolean;
  failed: boolean;
  message: string | undefined;
  cause: unknown;
}

type Request =
  | { id: number; file: string; args: string[]; options: Omit<OffThreadOptions, "cancelSignal"> }
  | { cancel: number }
  | { release: number };
type RunResult = Omit<OffThreadResult, "cause"> & {
  cause: { code?: string; message: string } | null;
};
type Reply = { id: number; result: RunResult } | { released: number };

function causeOf(reply: RunResult["cause"]): unknown {
  if (reply === null) return undefined;
  return Object.assign(
    new Error(reply.message),
    reply.code === undefined ? {} : { code: reply.code },
  );
}

const YOUNG_GENERATION_MB = 8;

let worker: Worker | null = null;
const pending = new Map<number, (reply: RunResult | Error) => void>();
const releasing = new Map<number, () => void>();
let nextId = 0;

function theWorker(): Worker {
  if (worker !== null) return worker;
  const started = new Worker(new URL(import.meta.url), {
    workerData: THREAD_MARK,
    // V8 sizes a thread's young generation like a whole process's (up to 128 MB on a big
    // machine) and keeps its pages once touched: this thread only holds a few helm outputs at a
    // time, so a small one costs a few more scavenges and saves that RSS (bench/slack.bench.ts).
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const failAll = (error: Error) => {
    worker = null;
    for (const settle of pending.values()) settle(error);
    pending.clear();
    for (const settle of releasing.values()) settle();
    releasing.clear();
  };
  started.on("message", (reply: Reply) => {
    if ("released" in reply) {
      releasing.get(reply.released)?.();
      releasing.delete(reply.released);
    } else {
      pending.get(reply.id)?.(reply.result);
      pending.delete(reply.id);
    }
    // Idle, it must not keep the process alive (a CLI command ends when its work does).
    if (pending.size === 0 && releasing.size === 0) started.unref();
  });
  started.on("error", failAll);
  started.on("exit", (code) => failAll(new Error(`the process thread exited (${code})`)));
  worker = started;
  return started;
}

// The thread's V8 heap (its own isolate, so not in process.memoryUsage()), or null when it is not
// running: the benchmarks' RSS breakdown reads it.
export async function processThreadHeap(): Promise<{ totalMb: number; usedMb: number } | null> {
  if (worker === null) return null;
  const stats = await worker.getHeapStatistics();
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return { totalMb: mb(stats.total_physical_size), usedMb: mb(stats.used_heap_size) };
}

// The thread's own idle memory release (src/observe/release-idle-memory.ts): its isolate keeps
// the heap pages a burst of helm outputs needed as the main thread's does. Resolves once done,
// at once when the thread is not running.
export function releaseProcessThreadMemory(): Promise<void> {
  if (worker === null) return Promise.resolve();
  const thread = worker;
  const id = nextId++;
  return new Promise((resolve) => {
    releasing.set(id, resolve);
    thread.ref();
    thread.postMessage({ release: id } satisfies Request);
  });
}

export function execaOffThread(
  file: string,
  args: string[],
  options: OffThreadOptions,
): Promise<OffThreadResult> {
  const { cancelSignal, ...rest } = options;
  const thread = theWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onAbort = () => thread.postMessage({ cancel: id } satisfies Request);
    pending.set(id, (reply) => {
      cancelSignal?.removeEventListener("abort", onAbort);
      if (reply instanceof Error) reject(reply);
      else resolve({ ...reply, cause: causeOf(reply.cause) });
    });
    thread.ref();
    thread.postMessage({ id, file, args, options: rest } satisfies Request);
    if (cancelSignal?.aborted) onAbort();
    else cancelSignal?.addEventListener("abort", onAbort, { once: true });
  });
}

// The thread's side: runs each request with execa, cancels on request, answers with plain data.
async function serve(port: NonNullable<typeof parentPort>): Promise<void> {
  const { execa } = await import("execa");
  const running = new Map<number, AbortController>();
  port.on("message", async (request: Request) => {
    if ("cancel" in request) {
      running.get(request.cancel)?.abort();
      return;
    }
    if ("release" in request) {
      await releaseMemoryNow();
      port.postMessage({ released: request.release } satisfies Reply);
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    const result = await execa(request.file, request.args, {
      ...request.options,
      reject: false,
      cancelSignal: controller.signal,
    });
    running.delete(request.id);
    const cause =
      result.cause instanceof Error
        ? {
            message: result.cause.message,
            ...("code" in result.cause ? { code: String(result.cause.code) } : {}),
          }
        : null;
    port.postMessage({
      id: request.id,
      result: {
        stdout: String(result.stdout ?? ""),
        stderr: String(result.stderr ?? ""),
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        isCanceled: result.isCanceled,
        failed: result.failed,
        message: result.message,
        cause,
      },
    } satisfies Reply);
  });
}

if (workerData === THREAD_MARK && parentPort) await serve(parentPort);
