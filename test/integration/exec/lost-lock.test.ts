// A worker whose release lock is taken away while helm runs (it expired while the worker was
// stalled, or another holder took it): its helm finishes, but it reports nothing, success least
// of all. The job is handed on; the next run waits for the other holder's lock to expire, reads
// the release and reports the interrupted plan, once.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { executionDepsOf } from "../../../src/exec/execution-worker.ts";
import { reconcilePlans } from "../../../src/exec/reconcile-plans.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import {
  approveAs,
  installHooked,
  type Pipeline,
  releaseLockOf,
  startPipeline,
  storedPlan,
  waitUntil,
} from "./exec-test-support.ts";

const THIEF_TTL_MS = 6000;

describe("a worker that loses its release lock mid-run", () => {
  let p: Pipeline;
  let namespace: string;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("exec-lost-lock");
    // A short lock TTL: renewed every ~700 ms, so the loss is noticed within a second.
    p = await startPipeline("exec-lost-lock", helm, { lockTtlMs: 2000, lockWaitMs: 30_000 });
    await installHooked(helm, { name: "stolen", namespace });
  });
  afterAll(async () => {
    await p?.close();
    await deleteNamespace(namespace);
  });

  it("reports nothing as success; the recovery report appears once, after the lock is free", async () => {
    const release = { name: "stolen", namespace };
    const record = await storedPlan(
      p,
      release,
      { operation: "set-values", set: { "hook.readyDelay": "3s" } },
      { wait: false, timeoutSeconds: 30 },
    );
    await approveAs(p, record.id);
    await p.notifier.when(record.id, "started");
    await waitUntil(
      "helm to be mid-upgrade",
      async () => (await p.helm.status(release)).info.status === "pending-upgrade",
    );
    const lock = releaseLockOf(p, release);
    await p.test.redis.set(lock.key, "999999 thief another worker", "PX", THIEF_TTL_MS);
    const stolenAt = Date.now();

    const done = await p.notifier.finishedRecord(record.id, 60_000);
    expect(done.state).toBe("interrupted");
    expect(done.execution?.note).toMatch(
      /lost its lock on the release, before it reported; the command was not run again\. stolen is now deployed at revision 2 .* helm had finished the upgrade \(revision 2\); the release is healthy\.$/,
    );
    // Read only once the other holder's lock had expired.
    expect(Date.parse(done.execution?.finishedAt ?? "")).toBeGreaterThanOrEqual(
      stolenAt + THIEF_TTL_MS - 50,
    );
    // helm ran once and did finish; the worker that ran it never said so.
    expect((await p.helm.history(release)).map((h) => h.revision)).toEqual([1, 2]);
    expect((await p.helm.status(release)).info.status).toBe("deployed");

    // Nothing else reports it: not a later pass of the reconciler, not a late job.
    const later = await reconcilePlans({
      execution: executionDepsOf(p.workerOptions),
      queue: p.queue,
      enqueueGraceMs: 0,
    });
    expect(later).toEqual({ enqueued: [], expired: [], interrupted: [] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(p.notifier.of(record.id).map((e) => e.event)).toEqual(["started", "finished"]);
    const trail = await p.audit.recent({ release, limit: 20 });
    const results = trail.filter((e) => e.type === "execution_result" && e.planId === record.id);
    expect(results.map((e) => e.detail)).toEqual([expect.stringMatching(/^outcome interrupted;/)]);
    expect(trail.some((e) => e.detail.includes("outcome succeeded"))).toBe(false);
    expect(await p.queue.jobState(record.id)).toBe("completed");
    console.info(
      `lost lock: reported ${Date.parse(done.execution?.finishedAt ?? "") - stolenAt} ms after the lock was taken`,
    );
  });
});
