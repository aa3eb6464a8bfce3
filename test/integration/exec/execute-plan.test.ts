// Approved plans through the real queue and worker on the test cluster: a healthy upgrade, a
// crashing one that ends with CrashLoopBackOff named, its logs and a rollback plan that then
// runs healthy, and a plan enqueued twice that runs once.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PlanRecord } from "../../../src/model/plan-record.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import {
  approveAs,
  CHART_SECRET,
  installWebapp,
  type Pipeline,
  startPipeline,
  storedPlan,
} from "./exec-test-support.ts";

describe("execution worker", () => {
  let p: Pipeline;
  let namespace: string;
  const finished: PlanRecord[] = [];

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("exec");
    p = await startPipeline("exec", helm);
    await Promise.all([
      installWebapp(helm, { name: "shop", namespace }),
      installWebapp(helm, { name: "crashy", namespace }),
      installWebapp(helm, { name: "closing", namespace }),
      installWebapp(helm, { name: "retired", namespace }),
    ]);
  });
  afterAll(async () => {
    await p?.close();
    await deleteNamespace(namespace);
  });

  it("runs an approved upgrade once, validates it healthy and reports every step", async () => {
    const release = { name: "shop", namespace };
    const record = await storedPlan(
      p,
      release,
      { operation: "upgrade", targetVersion: "1.1.0" },
      { wait: true, timeoutSeconds: 60 },
    );
    const approvedAt = Date.now();
    const approval = await approveAs(p, record.id);
    expect(approval).toMatchObject({ status: "approved", enqueued: true });
    // Clicked twice, or Slack retried: the same job, nothing added.
    expect(await p.queue.enqueue(record.id)).toEqual({ enqueued: false });
    const done = await p.notifier.finishedRecord(record.id);
    finished.push(done);
    const started = p.notifier.of(record.id).find((e) => e.event === "started");
    console.log(`approve -> worker started: ${(started?.at ?? Number.NaN) - approvedAt}ms`);

    expect(done.state).toBe("succeeded");
    expect(done.plan).toEqual(record.plan);
    expect(done.execution).toMatchObject({
      outcome: "succeeded",
      argv: record.plan.command.argv,
      error: null,
      rollbackPlanId: null,
      note: null,
      validation: {
        healthy: true,
        releaseStatus: "deployed",
        revision: 2,
        workloads: [
          {
            kind: "Deployment",
            name: "shop",
            desired: 1,
            ready: 1,
            updated: 1,
            healthy: true,
            problems: [],
          },
        ],
        events: [],
        logs: [],
      },
    });
    expect(done.execution?.output).toMatch(/^shop: revision 2, deployed, chart webapp-1\.1\.0/);
    expect(p.notifier.of(record.id).map((e) => e.event)).toEqual(["started", "finished"]);
    expect(await p.store.get(record.id)).toEqual(done);
    const trail = (await p.audit.recent({ release, limit: 20 })).filter(
      (e) => e.planId === record.id,
    );
    expect(trail.map((e) => e.type).reverse()).toEqual([
      "approval",
      "execution_started",
      "validation",
      "execution_result",
    ]);
    expect(trail.at(-1)?.actor).toBe("U0ALICE");

    // Enqueued again after it ran: still nothing runs.
    expect(await p.queue.enqueue(record.id)).toEqual({ enqueued: false });
    expect((await p.helm.history(release)).map((h) => h.revision)).toEqual([1, 2]);
  });

  it("names the crash of a bad upgrade, shows its logs and proposes a rollback that runs healthy", async () => {
    const release = { name: "crashy", namespace };
    const record = await storedPlan(p, release, { operation: "upgrade", targetVersion: "1.2.0" });
    expect(record.plan.command.argv).toContain("--reset-then-reuse-values");
    await approveAs(p, record.id);
    const done = await p.notifier.finishedRecord(record.id);
    finished.push(done);

    expect(done.state).toBe("failed");
    const execution = done.execution;
    expect(execution).toMatchObject({
      outcome: "failed",
      error: null,
      note: "The upgrade ran, but crashy is not healthy.",
    });
    const workload = execution?.validation?.workloads[0];
    expect(workload).toMatchObject({ kind: "Deployment", name: "crashy", healthy: false });
    expect(workload?.problems).toContainEqual(
      expect.stringMatching(
        /^crashy-[a-z0-9]+-[a-z0-9]+\/web: CrashLoopBackOff \(\d+ restarts?\)$/,
      ),
    );
    expect(execution?.validation?.events).toContainEqual(
      expect.stringMatching(/^Pod crashy-.*: BackOff: Back-off restarting failed container/),
    );
    expect(execution?.validation?.logs[0]).toMatchObject({
      container: "web",
      text: expect.stringContaining("error: simulated crash: could not connect to database"),
    });
    expect(execution?.validation?.waitedSeconds).toBeLessThan(30);

    const rollbackId = execution?.rollbackPlanId;
    if (!rollbackId) throw new Error("no rollback plan was proposed");
    const rollback = await p.store.get(rollbackId);
    expect(rollback).toMatchObject({
      state: "awaiting_approval",
      context: {
        channel: "C0SHOP",
        threadTs: record.context.threadTs,
        requester: "wheelhouse",
        source: "validation",
      },
      plan: {
        operation: "rollback",
        release: { name: "crashy", revision: 2 },
        rollback: { target: { revision: 1 } },
      },
    });

    // The person who asked for the upgrade may approve the rollback Wheelhouse proposed.
    await approveAs(p, rollbackId, "U0CAROL");
    const recovered = await p.notifier.finishedRecord(rollbackId);
    finished.push(recovered);
    expect(recovered.state).toBe("succeeded");
    expect(recovered.execution?.validation).toMatchObject({
      healthy: true,
      releaseStatus: "deployed",
      revision: 3,
    });
    expect(recovered.execution?.output).toMatch(/Rollback was a success/);
  });

  it("runs an uninstall and validates that the release is gone", async () => {
    const release = { name: "retired", namespace };
    const record = await storedPlan(p, release, { operation: "uninstall" });
    await approveAs(p, record.id);
    const done = await p.notifier.finishedRecord(record.id);
    finished.push(done);
    expect(done.state).toBe("succeeded");
    expect(done.execution?.output).toMatch(/release "retired" uninstalled/);
    expect(done.execution?.validation).toMatchObject({
      healthy: true,
      releaseStatus: "uninstalled",
      workloads: [],
    });
    expect((await p.helm.list({ namespace })).map((r) => r.name)).not.toContain("retired");
  });

  it("lets close() wait for the job in progress to finish and store its result", async () => {
    const record = await storedPlan(
      p,
      { name: "closing", namespace },
      { operation: "upgrade", targetVersion: "1.1.0" },
      { wait: true, timeoutSeconds: 60 },
    );
    await approveAs(p, record.id);
    await p.notifier.when(record.id, "started");
    await p.worker.close();
    const stored = await p.store.get(record.id);
    expect(stored?.state).toBe("succeeded");
    if (stored) finished.push(stored);
  });

  it("never lets the chart's default password into a record or the audit trail", async () => {
    expect(finished.length).toBeGreaterThanOrEqual(3);
    for (const record of finished) expect(JSON.stringify(record)).not.toContain(CHART_SECRET);
    expect(JSON.stringify(p.auditLines)).not.toContain(CHART_SECRET);
  });
});
