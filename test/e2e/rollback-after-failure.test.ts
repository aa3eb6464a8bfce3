// A change that breaks the release: the worker's check finds the crash, the thread says what is
// wrong (pod states, log tail) and proposes a rollback with its own buttons; approving it brings
// the release back to healthy, in the same thread.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import { BOB, type Harness, installWebapp, startHarness, textOf } from "./e2e-support.ts";

describe("crashing upgrade → rollback plan → healthy", () => {
  let h: Harness;
  let namespace: string;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-crash");
    await installWebapp(helm, "shop", namespace, "1.1.0");
    h = await startHarness("crash", helm, { timeoutSeconds: 15 });
  });
  afterAll(async () => {
    await h?.close();
    await deleteNamespace(namespace);
  });

  it("reports the crash with its evidence, proposes a rollback and runs it when approved", async () => {
    const thread = await h.ask(`upgrade shop -n ${namespace} to 1.2.0`);
    const upgrade = await h.plan(thread);
    expect(textOf(upgrade.message)).toContain("registry.example.com/webapp-crash:1.2.0");
    await h.approve(upgrade.id, BOB, upgrade.message);

    const failure = await h.result(thread, upgrade.id);
    const failureText = textOf(failure);
    expect(failureText).toMatch(/CrashLoopBackOff|Error|not ready/);
    expect(failureText).toContain("A rollback plan follows in this thread");

    const rollback = await h.plan(thread, 1, 60_000);
    const rollbackText = textOf(rollback.message);
    expect(rollbackText).toMatch(/Plan: Roll back shop .* to revision 1/);
    expect(rollbackText).toContain("[Approve] [Reject]");
    expect(rollbackText).toContain("asked by wheelhouse");

    await h.approve(rollback.id, BOB, rollback.message);
    expect(textOf(await h.result(thread, rollback.id))).toMatch(
      /Roll back shop .*done and healthy/,
    );
    h.dump(thread);

    const history = await h.helm.history({ name: "shop", namespace });
    expect(history.map((r) => [r.revision, r.status, r.chart])).toEqual([
      [1, "superseded", "webapp-1.1.0"],
      [2, "failed", "webapp-1.2.0"],
      [3, "deployed", "webapp-1.1.0"],
    ]);
    expect(await h.bot.store.get(upgrade.id)).toMatchObject({
      state: "failed",
      execution: { rollbackPlanId: rollback.id },
    });
    expect(await h.bot.store.get(rollback.id)).toMatchObject({
      state: "succeeded",
      context: { requester: "wheelhouse", source: "validation" },
    });
  });
});
