// Identical helm reads share one process. A read in flight is joined rather than run again; a
// read started early for a request (prefetch-read.ts, while its thread is being opened) is kept
// for that request's answer alone, claimed once, for keepMs at most. Memory is bounded: past
// maxEntries reads run on their own and early reads are not started. What an early read got,
// failure included, goes to its answer and nowhere else.
import type { HelmReadOptions } from "../helm/helm-client.ts";
import type { ReleaseRef } from "../model/release.ts";
import type { SlackHelm } from "./slack-deps.ts";

export type ReadHelm = Pick<SlackHelm, "list" | "status" | "history" | "getValues" | "getManifest">;

// The reads started early for one request, handed to its answer (SlackRequest.early).
export interface EarlyReads {
  // The reads the answer will make, started now and kept for it.
  readonly helm: ReadHelm;
}

export interface ReadCoalescer {
  // For one request, before its answer starts.
  early(): EarlyReads;
  // The reads of an answer: the early read of the same call, else an identical one in flight.
  helmFor(early: EarlyReads | undefined): ReadHelm;
}

export interface ReadCoalescerOptions {
  // How long an early read waits to be claimed, from its start. Default 10000.
  keepMs?: number;
  // Reads in flight shared, and early reads kept, at most (each). Default 64.
  maxEntries?: number;
}

export class EarlyReadNotStartedError extends Error {
  readonly code = "wheelhouse_early_read_not_started";
}

interface Kept {
  reads: Map<string, Promise<unknown>>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

type Call = <T>(key: string, run: () => Promise<T>) => Promise<T>;

// A read that can be aborted is its caller's alone: run as asked, never shared.
const own = <T>(signal: AbortSignal | undefined, call: Call, key: string, run: () => Promise<T>) =>
  signal ? run() : call(key, run);

function readHelmOf(helm: ReadHelm, call: Call, list: ReadHelm["list"]): ReadHelm {
  const at = (r: ReleaseRef) => `${r.namespace}/${r.name}`;
  return {
    list,
    status: (release: ReleaseRef, revision?: number, options?: HelmReadOptions) =>
      own(options?.signal, call, `status ${at(release)} ${revision ?? ""}`, () =>
        helm.status(release, revision, options),
      ),
    history: (release: ReleaseRef, max?: number) =>
      call(`history ${at(release)} ${max ?? ""}`, () => helm.history(release, max)),
    getValues: (release: ReleaseRef, options?: { all?: boolean; revision?: number }) =>
      call(`values ${at(release)} ${options?.all === true} ${options?.revision ?? ""}`, () =>
        helm.getValues(release, options),
      ),
    getManifest: (release: ReleaseRef, revision?: number, options?: HelmReadOptions) =>
      own(options?.signal, call, `manifest ${at(release)} ${revision ?? ""}`, () =>
        helm.getManifest(release, revision, options),
      ),
  };
}

export function createReadCoalescer(
  helm: ReadHelm,
  options: ReadCoalescerOptions = {},
): ReadCoalescer {
  const keepMs = options.keepMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 64;
  const inFlight = new Map<string, Promise<unknown>>();
  const keptOf = new WeakMap<EarlyReads, Kept>();
  let keptCount = 0;

  const joinOrRun: Call = (key, run) => {
    const running = inFlight.get(key);
    if (running) return running as ReturnType<typeof run>;
    if (inFlight.size >= maxEntries) return run();
    const started = run();
    inFlight.set(key, started);
    const done = () => {
      if (inFlight.get(key) === started) inFlight.delete(key);
    };
    started.then(done, done);
    return started;
  };

  const forget = (kept: Kept) => {
    keptCount -= kept.reads.size;
    kept.reads.clear();
    clearTimeout(kept.timer);
    kept.timer = undefined;
  };

  const keep = (kept: Kept): Call => {
    return (key, run) => {
      if (kept.reads.has(key) || keptCount >= maxEntries)
        return Promise.reject(new EarlyReadNotStartedError(`no early read of ${key}`));
      const started = joinOrRun(key, run);
      kept.reads.set(key, started);
      keptCount++;
      kept.timer ??= setTimeout(() => forget(kept), keepMs).unref();
      return started;
    };
  };

  const claim = (kept: Kept): Call => {
    return (key, run) => {
      const early = kept.reads.get(key);
      if (early === undefined) return joinOrRun(key, run);
      kept.reads.delete(key);
      keptCount--;
      if (kept.reads.size === 0) forget(kept);
      return early as ReturnType<typeof run>;
    };
  };

  // Listings are not coalesced: inventory-cache.ts shares them already, and none starts early.
  const list: ReadHelm["list"] = (filter) => helm.list(filter);
  const noList: ReadHelm["list"] = () =>
    Promise.reject(new EarlyReadNotStartedError("a listing is never started early"));
  const plain = readHelmOf(helm, joinOrRun, list);
  return {
    early() {
      const kept: Kept = { reads: new Map(), timer: undefined };
      const early = { helm: readHelmOf(helm, keep(kept), noList) };
      keptOf.set(early, kept);
      return early;
    },
    helmFor(early) {
      const kept = early && keptOf.get(early);
      return kept ? readHelmOf(helm, claim(kept), list) : plain;
    },
  };
}
