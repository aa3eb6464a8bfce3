// A worker process killed while helm runs: BullMQ hands the stalled job to another worker, which
// finds the plan "running", does not run it again, and closes it as interrupted with a recovery.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from "vitest";
import { createExecutionQueue } from "../../../src/exec/execution-queue.ts";
import { startExecutionWorker } from "../../../src/exec/execution-worker.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import {
  installWebapp,
  type Pipeline,
  RecordingNotifier,
  startPipeline,
  storedPlan,
} from "./exec-test-support.ts";

describe("a worker killed mid-job", () => {
  let p: Pipeline;
  let namespace: string;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("exec-crash");
    // BullMQ skips stalled checks for as long as the last checker's interval: keep them short.
    p = await startPipeline("exec-crash", helm, { stalledIntervalMs: 500 });
    // This file's own worker starts only after the other one died (see the test).
    await p.worker.close();
    await installWebapp(helm, { name: "victim", namespace });
  });
  afterAll(async () => {
    await p?.close();
    await deleteNamespace(namespace);
  });

  it("is reported as interrupted by the next worker, and the upgrade is not run twice", async () => {
    const release = { name: "victim", namespace };
    const record = await storedPlan(
      p,
      release,
      { operation: "upgrade", targetVersion: "1.2.0" },
      { wait: true, timeoutSeconds: 120 },
    );
    const child = spawn(process.execPath, [`${import.meta.dirname}/worker-process.ts`], {
      env: {
        ...process.env,
        WORKER_PREFIX: p.test.prefix,
        WORKER_CHART_REPO: inject("chartRepoUrl"),
      },
      stdio: ["ignore", "pipe", "inherit"],
      // Its own process group, so helm dies with it as it would in a killed pod.
      detached: true,
    });
    const killChild = () => {
      if (child.exitCode === null && child.signalCode === null)
        process.kill(-(child.pid ?? 0), "SIGKILL");
    };
    onTestFinished(killChild);
    const lines = createInterface({ input: child.stdout });
    const events: string[] = [];
    const seen = (event: string) =>
      new Promise<void>((resolve) => {
        if (events.includes(event)) resolve();
        lines.on("line", (line) => {
          events.push(JSON.parse(line).event);
          if (events.includes(event)) resolve();
        });
      });
    await seen("ready");
    await p.store.transition(record.id, ["awaiting_approval"], "approved");
    await p.queue.enqueue(record.id);
    await seen("started");
    const deadline = Date.now() + 30_000;
    while ((await p.helm.status(release)).info.status !== "pending-upgrade") {
      if (Date.now() > deadline) throw new Error("helm never started the upgrade");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const exited = new Promise((resolve) => child.once("exit", resolve));
    killChild();
    await exited;
    expect((await p.store.get(record.id))?.state).toBe("running");

    const notifier = new RecordingNotifier();
    const rescuer = startExecutionWorker({
      connection: { url: env.redisUrl },
      prefix: p.test.prefix,
      store: p.store,
      audit: p.audit,
      redis: p.test.redis,
      helm: p.helm,
      kube: p.kube,
      logs: p.logs,
      notifier,
      planRollback: p.planRollback,
      validationTimeoutMs: 30_000,
      lockTtlMs: 10_000,
      lockWaitMs: 10_000,
      lockPrefix: p.test.prefix,
      concurrency: 1,
      stalledIntervalMs: 500,
      log: () => undefined,
    });
    try {
      const done = await notifier.finishedRecord(record.id, 60_000);
      expect(done.state).toBe("interrupted");
      expect(done.execution?.note).toMatch(
        /victim is now pending-upgrade at revision 2 .* A recovery plan is proposed\.$/,
      );
      expect(done.execution?.rollbackPlanId).toMatch(/^[A-Za-z][A-Za-z0-9_-]{11}$/);
      expect(notifier.of(record.id).map((e) => e.event)).toEqual(["finished"]);
      expect((await p.helm.history(release)).map((h) => h.revision)).toEqual([1, 2]);
      // The same job id is not taken again.
      const queue = createExecutionQueue({
        connection: { url: env.redisUrl },
        prefix: p.test.prefix,
      });
      expect(await queue.enqueue(record.id)).toEqual({ enqueued: false });
      await queue.close();
    } finally {
      await rescuer.close();
    }
  });
});
