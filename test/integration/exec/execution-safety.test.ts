// What must never happen does not: a plan edited in Redis does not run, a plan whose release
// moved on does not run, two plans on one release never overlap (the second waits, then finds
// itself stale; or is refused when the lock stays taken), and a plan whose worker died is
// reported, not run again.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { executePlan } from "../../../src/exec/execute-plan.ts";
import { digestPlan } from "../../../src/plan/digest-plan.ts";
import { renderExecution } from "../../../src/render/render-execution.ts";
import { acquireReleaseLock } from "../../../src/store/release-lock.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import {
  approveAs,
  installWebapp,
  killedUpgrade,
  type Pipeline,
  startPipeline,
  storedPlan,
} from "./exec-test-support.ts";

describe("execution safety", () => {
  let p: Pipeline;
  let namespace: string;
  const revisions = async (name: string) =>
    (await p.helm.history({ name, namespace })).map((h) => h.revision);

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("exec-safety");
    p = await startPipeline("exec-safety", helm);
    await Promise.all(
      ["forged", "moved", "pair", "busy", "orphan"].map((name) =>
        installWebapp(helm, { name, namespace }),
      ),
    );
  });
  afterAll(async () => {
    await p?.close();
    await deleteNamespace(namespace);
  });

  it("refuses a plan edited in Redis after it was made: nothing runs, and the thread says why", async () => {
    const release = { name: "forged", namespace };
    const key = (id: string) => `${p.test.prefix}:plan:${id}`;
    // Someone with write access to Redis, who can recompute the unkeyed digest but has no key.
    const tampers: Array<[string, (id: string) => Promise<unknown>]> = [
      [
        "more replicas, digest recomputed",
        async (id) => {
          const plan = JSON.parse((await p.test.redis.hget(key(id), "plan")) ?? "{}");
          plan.command.operation.set = { ...plan.command.operation.set, replicaCount: 7 };
          plan.command.argv = p.helm.argvFor(plan.command.operation);
          plan.command.display = `helm ${plan.command.argv.join(" ")}`;
          plan.digest = digestPlan({ release, revision: 1, argv: plan.command.argv });
          return p.test.redis.hset(key(id), "plan", JSON.stringify(plan));
        },
      ],
      [
        "dry-run summary rewritten",
        async (id) => {
          const plan = JSON.parse((await p.test.redis.hget(key(id), "plan")) ?? "{}");
          plan.dryRun.summary = "nothing changes";
          return p.test.redis.hset(key(id), "plan", JSON.stringify(plan));
        },
      ],
      ["signature removed", (id) => p.test.redis.hdel(key(id), "signature")],
    ];
    for (const [what, tamper] of tampers) {
      const record = await storedPlan(p, release, {
        operation: "set-values",
        set: { "service.port": 8081 },
      });
      await tamper(record.id);
      await approveAs(p, record.id);
      const done = await p.notifier.finishedRecord(record.id);
      expect({ what, state: done.state, execution: done.execution }).toMatchObject({
        what,
        state: "failed",
        execution: {
          outcome: "failed",
          argv: [],
          output: "",
          validation: null,
          rollbackPlanId: null,
          error: {
            code: "plan_signature_invalid",
            message: expect.stringMatching(
              /^Refused to run: this plan's signature does not verify/,
            ),
          },
          note: expect.stringMatching(/^Nothing ran\./),
        },
      });
      // Not even the "running" notice: the thread gets the refusal only.
      expect(p.notifier.of(record.id).map((e) => e.event)).toEqual(["finished"]);
      expect(JSON.stringify(renderExecution(done))).toContain("signature does not verify");
      const trail = await p.audit.recent({ release, limit: 3 });
      expect(trail.map((e) => e.type)).not.toContain("execution_started");
      expect(trail[0]).toMatchObject({
        type: "execution_result",
        planId: record.id,
        detail: expect.stringContaining("plan_signature_invalid"),
      });
    }
    // Nothing ever ran: the release is still at its first revision, with its first values.
    expect(await revisions("forged")).toEqual([1]);
    expect(await p.helm.getValues(release, { all: false })).toEqual({ replicaCount: 1 });
  });

  it("does not run a plan whose release was upgraded behind its back", async () => {
    const release = { name: "moved", namespace };
    const record = await storedPlan(p, release, { operation: "upgrade", targetVersion: "1.1.0" });
    await p.helm.mutate({
      kind: "upgrade",
      release,
      chart: "fixtures/webapp",
      version: "1.0.0",
      valuesStrategy: "reuse",
      set: { "service.port": 8081 },
    });
    await approveAs(p, record.id);
    const done = await p.notifier.finishedRecord(record.id);
    expect(done.state).toBe("stale");
    expect(done.execution).toMatchObject({
      outcome: "stale",
      output: "",
      validation: null,
      note: "moved is at revision 2 (deployed), not at revision 1 the plan was made for: it changed since. Nothing ran; ask again for a fresh plan.",
    });
    expect(await revisions("moved")).toEqual([1, 2]);
    expect((await p.helm.history(release)).at(-1)?.chart).toBe("webapp-1.0.0");
  });

  it("serialises two plans on one release: the second waits for the lock, then finds itself stale", async () => {
    const release = { name: "pair", namespace };
    const first = await storedPlan(
      p,
      release,
      { operation: "upgrade", targetVersion: "1.1.0" },
      { wait: true, timeoutSeconds: 60 },
    );
    const second = await storedPlan(p, release, {
      operation: "set-values",
      set: { "service.port": 8081 },
    });
    await Promise.all([approveAs(p, first.id), approveAs(p, second.id)]);
    const [a, b] = await Promise.all([
      p.notifier.finishedRecord(first.id),
      p.notifier.finishedRecord(second.id),
    ]);
    const outcomes = [a, b].map((r) => r.state).sort();
    expect(outcomes).toEqual(["stale", "succeeded"]);
    const [ran, waited] = a.state === "succeeded" ? [a, b] : [b, a];
    // The waiting plan moved to running only after the first one had finished.
    expect(Date.parse(waited.startedAt ?? "")).toBeGreaterThanOrEqual(
      Date.parse(ran.execution?.finishedAt ?? ""),
    );
    expect(await revisions("pair")).toEqual([1, 2]);
  });

  it("refuses clearly when the release stays locked, and runs nothing", async () => {
    const release = { name: "busy", namespace };
    const record = await storedPlan(p, release, { operation: "upgrade", targetVersion: "1.1.0" });
    await p.store.transition(record.id, ["awaiting_approval"], "approved");
    const held = await acquireReleaseLock(p.test.redis, release, 10_000, {
      prefix: p.test.prefix,
      owner: "a manual helm upgrade",
    });
    const done = await executePlan(
      {
        store: p.store,
        audit: p.audit,
        redis: p.test.redis,
        helm: p.helm,
        kube: p.kube,
        logs: p.logs,
        notifier: p.notifier,
        planRollback: p.planRollback,
        validationTimeoutMs: 10_000,
        lockTtlMs: 10_000,
        lockWaitMs: 500,
        lockPrefix: p.test.prefix,
        validation: {},
        log: () => undefined,
      },
      record.id,
      // Its job has been waiting (delayed, not holding a worker) for longer than it may.
      { busySince: Date.now() - 1000 },
    );
    await held.release();
    expect(done).toMatchObject({
      state: "failed",
      execution: {
        outcome: "failed",
        error: {
          code: "release_locked",
          message: expect.stringMatching(
            /^.*\/busy is busy: a manual helm upgrade holds its lock \(waited \ds\)\.$/,
          ),
        },
        note: expect.stringMatching(/^Nothing ran: busy stayed busy with another operation/),
      },
    });
    expect(p.notifier.of(record.id).map((e) => e.event)).toEqual(["finished"]);
    expect(await revisions("busy")).toEqual([1]);
  });

  it("reports a plan whose worker died mid-run as interrupted, never re-runs it, and proposes a recovery", async () => {
    const release = { name: "orphan", namespace };
    const record = await storedPlan(p, release, { operation: "upgrade", targetVersion: "1.2.0" });
    // A worker took the plan, started helm, and died: the record says running, helm pending.
    await p.store.transition(record.id, ["awaiting_approval"], "approved");
    await p.store.transition(record.id, ["approved"], "running");
    await killedUpgrade(p.helm, release, inject("chartRepoUrl"));
    // BullMQ hands the stalled job out again.
    expect(await p.queue.enqueue(record.id)).toEqual({ enqueued: true });
    const done = await p.notifier.finishedRecord(record.id);
    expect(done.state).toBe("interrupted");
    expect(done.execution).toMatchObject({ outcome: "interrupted", output: "", validation: null });
    expect(done.execution?.note).toMatch(
      /^The worker running this plan stopped, or lost its lock on the release, before it reported; the command was not run again\. orphan is now pending-upgrade at revision 2 \(the plan was made against revision 1\); helm's last entry: ".+"\. A recovery plan is proposed\.$/,
    );
    expect(p.notifier.of(record.id).map((e) => e.event)).toEqual(["finished"]);
    expect(await revisions("orphan")).toEqual([1, 2]);

    const recoveryId = done.execution?.rollbackPlanId;
    if (!recoveryId) throw new Error("no recovery plan was proposed");
    const recovery = await p.store.get(recoveryId);
    expect(recovery).toMatchObject({
      context: { source: "recovery", requester: "wheelhouse" },
      plan: {
        operation: "rollback",
        recovery: { stuckStatus: "pending-upgrade", stuckRevision: 2 },
      },
    });
    await approveAs(p, recoveryId);
    const recovered = await p.notifier.finishedRecord(recoveryId);
    expect(recovered.state).toBe("succeeded");
    expect(recovered.execution?.validation).toMatchObject({
      healthy: true,
      releaseStatus: "deployed",
      revision: 3,
    });
  });
});
