// The reconciler on the real Redis, queue and worker, for what no click or job fixes on its
// own: an approval whose enqueue failed runs after the next pass; a plan nobody approved in time
// has its Slack message turned to "expired" without buttons; a plan left "running" with no job
// is reported as interrupted, once.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { approvePlan } from "../../../src/exec/approve-plan.ts";
import { createExecutionQueue } from "../../../src/exec/execution-queue.ts";
import { executionDepsOf } from "../../../src/exec/execution-worker.ts";
import { reconcilePlans } from "../../../src/exec/reconcile-plans.ts";
import { startPlanReconciler } from "../../../src/exec/start-plan-reconciler.ts";
import { renderPlan } from "../../../src/render/render-plan.ts";
import { createSlackExecutionNotifier } from "../../../src/slack/slack-execution-notifier.ts";
import { createSlackOut } from "../../../src/slack/slack-out.ts";
import { webClientFor } from "../../../src/slack/web-client-for.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack-api.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { sampleContext, samplePlan } from "../../unit/store/sample-plan.ts";
import {
  CHANNEL,
  decisionDeps,
  installWebapp,
  type Pipeline,
  startPipeline,
  storedPlan,
} from "./exec-test-support.ts";

describe("the plan reconciler", () => {
  let p: Pipeline;
  let slack: FakeSlack;
  let namespace: string;
  const quiet = () => undefined;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("exec-reconcile");
    p = await startPipeline("exec-reconcile", helm);
    slack = await startFakeSlack({});
    await installWebapp(helm, { name: "queued", namespace });
  });
  afterAll(async () => {
    await p?.close();
    await slack?.close();
    await deleteNamespace(namespace);
  });

  it("runs an approval whose enqueue failed after its next pass", async () => {
    const release = { name: "queued", namespace };
    const record = await storedPlan(p, release, {
      operation: "set-values",
      set: { "service.port": 8081 },
    });
    // Redis went away between the approval and its job: a real queue whose connection is gone.
    const broken = createExecutionQueue({
      connection: { url: env.redisUrl },
      prefix: p.test.prefix,
    });
    await broken.close();
    const approved = await approvePlan(
      { ...decisionDeps(p), queue: broken },
      { planId: record.id, by: "U0ALICE", byGroups: [], channel: CHANNEL },
    );
    expect(approved).toMatchObject({
      status: "approved",
      enqueued: false,
      queueError: expect.any(String),
    });
    expect(await p.queue.jobState(record.id)).toBe("missing");
    const approvedAt = Date.now();
    const reconciler = startPlanReconciler({
      redis: p.test.redis,
      prefix: p.test.prefix,
      execution: executionDepsOf(p.workerOptions),
      queue: p.queue,
      intervalMs: 300,
      enqueueGraceMs: 0,
    });
    try {
      const done = await p.notifier.finishedRecord(record.id, 30_000);
      expect(done.state).toBe("succeeded");
      expect((await p.helm.history(release)).map((h) => h.revision)).toEqual([1, 2]);
      console.info(
        `reconciler: the approval ran ${Date.now() - approvedAt} ms after its failed enqueue`,
      );
    } finally {
      await reconciler.stop();
    }
  });

  it("turns a plan nobody approved in time to expired in Slack, without its buttons", async () => {
    const out = createSlackOut(
      webClientFor({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl }, quiet),
      quiet,
    );
    const notifier = createSlackExecutionNotifier({ out, store: p.store, log: quiet });
    const saved = await p.store.save(samplePlan(), { ...sampleContext(), channel: CHANNEL }, 1);
    const ts = await out.post(CHANNEL, renderPlan(saved));
    await p.store.setMessageTs(saved.id, ts);
    const buttons = () =>
      JSON.stringify(slack.message(CHANNEL, ts)?.blocks ?? []).includes('"type":"actions"');
    expect(buttons()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const deps = {
      execution: { ...executionDepsOf(p.workerOptions), notifier },
      queue: p.queue,
    };
    expect(await reconcilePlans(deps)).toMatchObject({ expired: [saved.id] });
    const shown = slack.message(CHANNEL, ts);
    expect(shown?.text).toContain("Expired");
    expect(buttons()).toBe(false);
    expect((await p.store.get(saved.id))?.state).toBe("expired");
    const [entry] = await p.audit.recent({ limit: 1 });
    expect(entry).toMatchObject({ type: "expiry", planId: saved.id, cluster: "local" });
    // Once: the next pass finds nothing to do.
    expect(await reconcilePlans(deps)).toEqual({ enqueued: [], expired: [], interrupted: [] });
    expect(shown?.edits).toBe(1);
  });

  it("expires every plan past its window however many are open, read a page at a time", async () => {
    const many = await Promise.all(
      Array.from({ length: 450 }, () => p.store.save(samplePlan(), sampleContext(), 1)),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const deps = { execution: executionDepsOf(p.workerOptions), queue: p.queue };
    const { expired } = await reconcilePlans(deps);
    expect(expired.sort()).toEqual(many.map((r) => r.id).sort());
    expect((await p.store.openPlans()).records).toEqual([]);
  });

  it("reports a plan left running with no job as interrupted, once", async () => {
    const saved = await p.store.save(
      samplePlan({ name: "ghost", namespace }),
      sampleContext(),
      600,
    );
    await p.store.transition(saved.id, ["awaiting_approval"], "approved");
    await p.store.transition(saved.id, ["approved"], "running");
    const deps = { execution: executionDepsOf(p.workerOptions), queue: p.queue };
    expect(await reconcilePlans(deps)).toMatchObject({ interrupted: [saved.id] });
    const closed = await p.store.get(saved.id);
    expect(closed).toMatchObject({ state: "interrupted", execution: { outcome: "interrupted" } });
    expect(closed?.execution?.note).toContain(`ghost no longer exists in ${namespace}`);
    expect(await reconcilePlans(deps)).toEqual({ enqueued: [], expired: [], interrupted: [] });
    expect(p.notifier.of(saved.id).map((e) => e.event)).toEqual(["finished"]);
  });
});
