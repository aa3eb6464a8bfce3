// helm slower than the deadline Wheelhouse gives it: the API server stops answering (a stalling
// proxy in front of the real one) once helm has written the pending-upgrade revision, so helm
// hangs past its own --timeout. The worker stops it at the plan's deadline (every wait plus the
// margin: 3 s x 2 + 30 s here), and then: no helm process is left, the thread is told, with the
// release as read afterwards (pending-upgrade) and a recovery plan; the plan is closed, the
// release lock is free, and the recovery runs.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ExecutionWorker, startExecutionWorker } from "../../../src/exec/execution-worker.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { helmDeadlineSeconds } from "../../../src/model/change-limits.ts";
import type { PlanRecord } from "../../../src/model/plan-record.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack-api.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import {
  approveAs,
  CHANNEL,
  installHooked,
  type Pipeline,
  releaseLockOf,
  startPipeline,
  storedPlan,
  waitUntil,
} from "../exec/exec-test-support.ts";
import {
  auditTypesOf,
  executionMessages,
  helmProcessesOf,
  planMessage,
  slackNotifier,
} from "./fault-support.ts";
import { type StallingProxy, startStallingProxy } from "./stalling-proxy.ts";

const TIMEOUT_SECONDS = 3;
const DEADLINE_MS = helmDeadlineSeconds({ timeoutSeconds: TIMEOUT_SECONDS, wait: false }) * 1000;
// SIGTERM at the deadline, SIGKILL 5 s later if helm ignores it (run-helm.ts).
const KILL_GRACE_MS = 5000;

describe("helm slower than its deadline", () => {
  let proxy: StallingProxy;
  // The worker's helm talks to the API server through the proxy; the test's own does not.
  let slowHelm: HelmClient;
  let helm: HelmClient;
  let p: Pipeline;
  let worker: ExecutionWorker;
  let slack: FakeSlack;
  let namespace: string;

  beforeAll(async () => {
    proxy = await startStallingProxy(env.kubeconfig);
    [slowHelm, helm] = await Promise.all([
      createTestHelm(env.helm4Bin, inject("chartRepoUrl"), {
        kubeconfig: proxy.kubeconfig,
        timeoutMs: 15_000,
      }),
      createTestHelm(env.helm4Bin, inject("chartRepoUrl")),
    ]);
    namespace = await createNamespace("fault-deadline");
    slack = await startFakeSlack({});
    p = await startPipeline("fault-deadline", slowHelm);
    await p.worker.close();
    worker = startExecutionWorker({
      ...p.workerOptions,
      notifier: slackNotifier(slack, p.store, p.test),
      validationTimeoutMs: 10_000,
      validation: { pollMs: 250, settleMs: 1000 },
    });
    await installHooked(helm, { name: "slowpoke", namespace });
  });
  afterAll(async () => {
    proxy?.resume();
    await worker?.close();
    await p?.close();
    await proxy?.close();
    await slack?.close();
    await deleteNamespace(namespace);
  });

  it("is killed at the deadline, reported with the release state, and frees the release", async () => {
    const release = { name: "slowpoke", namespace };
    const record = await storedPlan(
      p,
      release,
      { operation: "set-values", set: { "hook.readyDelay": "20s" } },
      { wait: false, timeoutSeconds: TIMEOUT_SECONDS },
    );
    expect(record.plan.limits?.deadlineSeconds).toBe(DEADLINE_MS / 1000);
    await approveAs(p, record.id);
    await waitUntil(
      "helm to write the pending-upgrade revision",
      async () => (await helm.status(release)).info.status === "pending-upgrade",
    );
    proxy.stall();
    const upgrades = await helmProcessesOf(env.helm4Bin, release, "upgrade");
    expect(upgrades).toHaveLength(1);
    const startedAt = Date.parse((await p.store.get(record.id))?.startedAt ?? "");

    await waitUntil(
      "the worker to stop helm",
      async () => (await helmProcessesOf(env.helm4Bin, release, "upgrade")).length === 0,
      DEADLINE_MS + KILL_GRACE_MS + 15_000,
    );
    const stoppedAt = Date.now();
    proxy.resume();
    // Not before the deadline (helm's own 3 s timeout came and went), nor long after it.
    expect(stoppedAt - startedAt).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(stoppedAt - startedAt).toBeLessThan(DEADLINE_MS + KILL_GRACE_MS + 5000);

    await waitUntil(
      "the plan to be closed",
      async () => (await p.store.get(record.id))?.state !== "running",
      30_000,
    );
    const done = (await p.store.get(record.id)) as PlanRecord;
    expect(done.state).toBe("failed");
    expect(done.execution?.error?.code).toBe("helm_timeout");
    expect(done.execution?.note).toBe(
      `helm did not finish the set-values within its deadline (${DEADLINE_MS / 1000}s) and was stopped. slowpoke is pending-upgrade at revision 2.`,
    );
    expect(done.execution?.validation).toMatchObject({
      healthy: false,
      releaseStatus: "pending-upgrade",
    });
    const recoveryId = done.execution?.rollbackPlanId ?? "";
    expect(recoveryId).not.toBe("");

    // The thread: "Running…" turned into the result, then the recovery plan of its own.
    const messages = () => executionMessages(slack, CHANNEL, record.context.threadTs, record.id);
    await waitUntil("the result in the thread", async () => messages()[0]?.edits === 1, 10_000);
    const [result, ...others] = messages();
    expect(others).toEqual([]);
    const shown = `${result?.text}\n${JSON.stringify(result?.blocks)}`;
    expect(shown).toContain("helm_timeout");
    expect(shown).toContain("slowpoke is pending-upgrade at revision 2");
    await waitUntil(
      "the recovery plan in the thread",
      async () => planMessage(slack, CHANNEL, record.context.threadTs, recoveryId) !== undefined,
      10_000,
    );
    expect(await auditTypesOf(p, record.id)).toEqual(
      expect.arrayContaining(["execution_started", "validation", "execution_result"]),
    );

    // Nothing holds the release: the next plan for it (the recovery) runs now.
    expect(await releaseLockOf(p, release).ttl()).toBe(-2);
    await approveAs(p, recoveryId);
    await waitUntil(
      "the recovery to succeed",
      async () => (await p.store.get(recoveryId))?.state === "succeeded",
      60_000,
    );
    expect((await helm.status(release)).info.status).toBe("deployed");
    expect(await helmProcessesOf(env.helm4Bin, release)).toEqual([]);
    console.info(
      `helm deadline: helm stopped ${stoppedAt - startedAt} ms after the run started (deadline ${DEADLINE_MS} ms)`,
    );
  });
});
