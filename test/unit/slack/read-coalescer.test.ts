// The read coalescer over a recording helm (the interface the Slack layer is given): which reads
// share a process, which early read an answer claims, and what is never kept.
import { describe, expect, it } from "vitest";
import type { ReleaseRef } from "../../../src/model/release.ts";
import {
  createReadCoalescer,
  EarlyReadNotStartedError,
  type ReadHelm,
} from "../../../src/slack/read-coalescer.ts";

const WEB: ReleaseRef = { name: "web", namespace: "shop" };
const API: ReleaseRef = { name: "api", namespace: "shop" };

class HelmFailure extends Error {
  readonly code = "helm_release_not_found";
}

// Each call is recorded and answers when the test settles it (or at once with `auto`).
function recordingHelm(auto = false) {
  const calls: string[] = [];
  const pending: Array<{ resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  const call = <T>(what: string, value: T): Promise<T> => {
    calls.push(what);
    if (auto) return Promise.resolve(value);
    return new Promise<T>((resolve, reject) => {
      pending.push({ resolve: () => resolve(value), reject });
    });
  };
  const detail = (r: ReleaseRef) => ({
    name: r.name,
    namespace: r.namespace,
    version: calls.length,
    info: { description: "", status: "deployed" as const },
  });
  const helm: ReadHelm = {
    list: async () => {
      calls.push("list");
      return [];
    },
    status: (r) => call(`status ${r.name}`, detail(r)),
    history: (r, max) => call(`history ${r.name} ${max}`, []),
    getValues: (r: ReleaseRef, o?: { all?: boolean }) =>
      call(`values ${r.name} ${o?.all === true}`, { n: calls.length }),
    getManifest: (r) => call(`manifest ${r.name}`, `kind: Deployment # ${calls.length}`),
  };
  const settleAll = () => {
    for (const p of pending.splice(0)) p.resolve(undefined);
  };
  const failAll = (error: unknown) => {
    for (const p of pending.splice(0)) p.reject(error);
  };
  return { helm, calls, settleAll, failAll };
}

describe("createReadCoalescer", () => {
  it("shares an identical read in flight, and only while it is in flight", async () => {
    const h = recordingHelm();
    const reads = createReadCoalescer(h.helm).helmFor(undefined);
    const a = reads.status(WEB);
    const b = reads.status(WEB);
    const others = [
      reads.status(API),
      reads.history(WEB, 20),
      reads.history(WEB, 5),
      reads.getValues(WEB, { all: false }),
      reads.getValues(WEB, { all: true }),
      reads.getManifest(WEB),
    ];
    expect(h.calls).toEqual([
      "status web",
      "status api",
      "history web 20",
      "history web 5",
      "values web false",
      "values web true",
      "manifest web",
    ]);
    h.settleAll();
    const [first, second] = await Promise.all([a, b, ...others]);
    expect(second).toBe(first);
    const again = reads.status(WEB);
    h.settleAll();
    expect((await again).version).not.toBe(first?.version);
    expect(h.calls.filter((c) => c === "status web")).toHaveLength(2);
  });

  it("keeps a request's early read for its answer, which claims it once", async () => {
    const h = recordingHelm(true);
    const coalescer = createReadCoalescer(h.helm);
    const early = coalescer.early();
    const started = await early.helm.getValues(WEB, { all: false });
    const answer = coalescer.helmFor(early);
    expect(await answer.getValues(WEB, { all: false })).toBe(started);
    expect(h.calls).toEqual(["values web false"]);
    // Claimed: asked again, it is read again; and values with --all were never read early.
    expect(await answer.getValues(WEB, { all: false })).not.toBe(started);
    await answer.getValues(WEB, { all: true });
    expect(h.calls).toEqual(["values web false", "values web false", "values web true"]);
  });

  it("never gives one request's finished early read to another", async () => {
    const h = recordingHelm(true);
    const coalescer = createReadCoalescer(h.helm);
    const mine = coalescer.early();
    const kept = await mine.helm.status(WEB);
    const theirs = coalescer.early();
    expect(await coalescer.helmFor(undefined).status(WEB)).not.toBe(kept);
    expect(await coalescer.helmFor(theirs).status(WEB)).not.toBe(kept);
    expect(await coalescer.helmFor(mine).status(WEB)).toBe(kept);
    expect(h.calls).toEqual(["status web", "status web", "status web"]);
  });

  it("lets identical requests share one early read while it runs", async () => {
    const h = recordingHelm();
    const coalescer = createReadCoalescer(h.helm);
    const one = coalescer.early();
    const two = coalescer.early();
    const early = [one.helm.history(WEB, 20), two.helm.history(WEB, 20)];
    const answers = [
      coalescer.helmFor(one).history(WEB, 20),
      coalescer.helmFor(two).history(WEB, 20),
      coalescer.helmFor(undefined).history(WEB, 20),
    ];
    h.settleAll();
    await Promise.all([...early, ...answers]);
    expect(h.calls).toEqual(["history web 20"]);
  });

  it("gives an early read's failure to its answer, as its own read would have", async () => {
    const h = recordingHelm();
    const coalescer = createReadCoalescer(h.helm);
    const early = coalescer.early();
    const failure = new HelmFailure("release: not found");
    early.helm.status(WEB).catch(() => undefined);
    // Another request's early read, never claimed: its failure goes nowhere.
    coalescer
      .early()
      .helm.status(API)
      .catch(() => undefined);
    h.failAll(failure);
    await expect(coalescer.helmFor(early).status(WEB)).rejects.toBe(failure);
    expect(h.calls).toEqual(["status web", "status api"]);
  });

  it("lets an early read go after keepMs: its answer reads again", async () => {
    const h = recordingHelm(true);
    const coalescer = createReadCoalescer(h.helm, { keepMs: 20 });
    const early = coalescer.early();
    const kept = await early.helm.getManifest(WEB);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await coalescer.helmFor(early).getManifest(WEB)).not.toBe(kept);
    expect(h.calls).toEqual(["manifest web", "manifest web"]);
  });

  it("keeps at most maxEntries early reads; past them none starts and answers read", async () => {
    const h = recordingHelm(true);
    const coalescer = createReadCoalescer(h.helm, { maxEntries: 2 });
    const requests = [coalescer.early(), coalescer.early(), coalescer.early()];
    const releases = [WEB, API, { name: "db", namespace: "shop" }];
    const early = await Promise.allSettled(
      requests.map((r, i) => r.helm.status(releases[i] ?? WEB)),
    );
    expect(early.map((e) => e.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect(early[2]?.status === "rejected" && early[2].reason).toBeInstanceOf(
      EarlyReadNotStartedError,
    );
    expect(h.calls).toEqual(["status web", "status api"]);
    // Claiming one makes room again.
    await coalescer.helmFor(requests[0]).status(WEB);
    await coalescer.helmFor(requests[2]).status({ name: "db", namespace: "shop" });
    await coalescer.early().helm.status({ name: "cache", namespace: "shop" });
    expect(h.calls).toEqual(["status web", "status api", "status db", "status cache"]);
  });

  it("never shares a read that can be aborted, nor starts a listing early", async () => {
    const h = recordingHelm(true);
    const coalescer = createReadCoalescer(h.helm);
    const reads = coalescer.helmFor(undefined);
    const signal = new AbortController().signal;
    await Promise.all([reads.status(WEB, undefined, { signal }), reads.status(WEB)]);
    await expect(coalescer.early().helm.list()).rejects.toBeInstanceOf(EarlyReadNotStartedError);
    await reads.list();
    expect(h.calls).toEqual(["status web", "status web", "list"]);
  });
});
