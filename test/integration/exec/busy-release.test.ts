// A plan whose release is busy waits outside the worker: its job is delayed and tries again, so
// a worker with a single slot runs another release's plan meanwhile.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { acquireReleaseLock } from "../../../src/store/release-lock.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import {
  approveAs,
  installWebapp,
  type Pipeline,
  startPipeline,
  storedPlan,
} from "./exec-test-support.ts";

describe("a plan waiting for a busy release", () => {
  let p: Pipeline;
  let namespace: string;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("exec-busy");
    p = await startPipeline("exec-busy", helm, { concurrency: 1 });
    await Promise.all(["held", "free"].map((name) => installWebapp(helm, { name, namespace })));
  });
  afterAll(async () => {
    await p?.close();
    await deleteNamespace(namespace);
  });

  it("does not hold the worker's only slot: another release's plan runs meanwhile", async () => {
    const held = { name: "held", namespace };
    const free = { name: "free", namespace };
    const lock = await acquireReleaseLock(p.test.redis, held, 30_000, {
      prefix: p.test.prefix,
      owner: "a manual helm upgrade",
    });
    const waiting = await storedPlan(p, held, {
      operation: "set-values",
      set: { "service.port": 8081 },
    });
    const other = await storedPlan(p, free, {
      operation: "set-values",
      set: { "service.port": 8081 },
    });
    await approveAs(p, waiting.id);
    await approveAs(p, other.id);
    const ran = await p.notifier.finishedRecord(other.id, 30_000);
    expect(ran.state).toBe("succeeded");
    expect((await p.store.get(waiting.id))?.state).toBe("approved");
    expect(await p.queue.jobState(waiting.id)).toBe("delayed");
    const releasedAt = Date.now();
    await lock.release();
    const done = await p.notifier.finishedRecord(waiting.id, 30_000);
    expect(done.state).toBe("succeeded");
    expect(Date.parse(done.startedAt ?? "")).toBeGreaterThanOrEqual(releasedAt);
    console.info(
      `busy release: ran ${Date.parse(done.startedAt ?? "") - releasedAt} ms after the lock was freed`,
    );
  });
});
