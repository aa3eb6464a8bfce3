// The happy path as people see it: a mention, a plan in the thread, an approval, the run and its
// check in the cluster, all in the same thread; and reads answered at once.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import {
  ALICE,
  BOB,
  CHANNEL,
  type Harness,
  installWebapp,
  startHarness,
  textOf,
} from "./e2e-support.ts";

describe("mention → plan → approve → executed → validated", () => {
  let h: Harness;
  let namespace: string;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-happy");
    await installWebapp(helm, "shop", namespace);
    h = await startHarness("happy", helm);
  });
  afterAll(async () => {
    await h?.close();
    await deleteNamespace(namespace);
  });

  it("answers a status read at once in the thread", async () => {
    const thread = await h.ask(`status shop -n ${namespace}`);
    const reply = await h.reply(thread, /deployed/);
    expect(textOf(reply)).toContain(`\`shop\` in \`${namespace}\``);
    expect(textOf(reply)).not.toMatch(/s3cr3t/);
  });

  it("plans an upgrade, runs it after Bob approves and reports it healthy", async () => {
    const thread = await h.ask(`upgrade shop -n ${namespace} to 1.1.0`);
    const { id, message } = await h.plan(thread);
    expect(h.planState(message)).toBe("awaiting_approval");
    expect(textOf(message)).toContain(
      `helm upgrade shop --namespace ${namespace} fixtures/webapp --version 1.1.0`,
    );
    expect(textOf(message)).toContain("[Approve] [Reject]");

    const click = await h.approve(id, BOB, message);
    expect(click.status).toBe(200);
    const result = await h.result(thread, id);
    expect(textOf(result)).toContain("done and healthy");
    expect(textOf(result)).toMatch(/Deployment `shop`: 1\/1 ready/);

    const plan = h.slack.message(CHANNEL, message.ts);
    expect(plan && textOf(plan)).toMatch(/Approved by @U0BOB .*succeeded/);
    expect(plan && textOf(plan)).not.toContain("[Approve]");
    h.dump(thread);
    const history = await h.helm.history({ name: "shop", namespace });
    expect(history.map((r) => [r.revision, r.status, r.chart])).toEqual([
      [1, "superseded", "webapp-1.0.0"],
      [2, "deployed", "webapp-1.1.0"],
    ]);
    const audit = await h.bot.audit.recent({ release: { name: "shop", namespace }, limit: 20 });
    expect(audit.map((e) => e.type)).toEqual(
      expect.arrayContaining(["plan", "approval", "execution_started", "execution_result"]),
    );
    expect(audit.find((e) => e.type === "plan")?.actor).toBe(ALICE);
    expect(h.bot.metrics.value("wheelhouse_executions_total", { outcome: "succeeded" })).toBe(1);
  });
});
