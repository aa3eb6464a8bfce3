// What must never happen twice, or at all: a Slack retry or a double click runs a plan once; a
// rejected, unauthorised, self-approved (protected namespace) or stale plan runs never; two
// plans on one release run one after the other. Checked in what Slack was told and in helm.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../src/helm/helm-client.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import {
  ALICE,
  BOB,
  CHANNEL,
  type Harness,
  installWebapp,
  MALLORY,
  policyWith,
  startHarness,
  textOf,
} from "./e2e-support.ts";

const CAROL = "U0CAROL";

describe("approval safety", () => {
  let h: Harness;
  let helm: HelmClient;
  let namespace: string;
  let prod: string;

  const revisions = async (name: string, ns = namespace) =>
    (await helm.history({ name, namespace: ns })).map((r) => r.revision);

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-safety");
    prod = await createNamespace("prod");
    await Promise.all(
      ["retry", "rejected", "guarded", "stale", "busy"].map((name) =>
        installWebapp(helm, name, namespace),
      ),
    );
    await installWebapp(helm, "payments", prod);
    const policy = policyWith(
      { approvers: { users: [BOB, CAROL, ALICE], groups: [] }, allowSelfApproval: true },
      { protectedNamespaces: ["prod*"] },
    );
    h = await startHarness("safety", helm, { policy });
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([deleteNamespace(namespace), deleteNamespace(prod)]);
  });

  it("makes one plan of an event Slack retries, and runs it once however often Approve is clicked", async () => {
    const first = await h.slack.mention(`set retry replicaCount=2 -n ${namespace}`, {
      user: ALICE,
      channel: CHANNEL,
    });
    const retried = await h.slack.sendEvent(first.payload, {
      retryNum: 1,
      retryReason: "http_timeout",
    });
    expect([first.response.status, retried.status]).toEqual([200, 200]);
    const { id, message } = await h.plan(first.ts);

    const clicks = await Promise.all([
      h.approve(id, BOB, message),
      h.approve(id, BOB, message),
      h.approve(id, CAROL, message),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200]);
    expect(textOf(await h.result(first.ts, id))).toContain("done and healthy");
    await h.bot.app?.idle();

    const plans = h.slack.thread(CHANNEL, first.ts).filter((m) => /^== Plan:/.test(textOf(m)));
    expect(plans).toHaveLength(1);
    expect(await revisions("retry")).toEqual([1, 2]);
    const late = h.slack.ephemerals.filter((e) => /already \*approved\*/.test(e.text));
    expect(late).toHaveLength(2);
    const audit = await h.bot.audit.recent({ release: { name: "retry", namespace }, limit: 50 });
    expect(audit.filter((e) => e.type === "approval")).toHaveLength(1);
    expect(audit.filter((e) => e.type === "execution_started")).toHaveLength(1);
  });

  it("runs nothing after Reject, and a later Approve is told it was rejected", async () => {
    const thread = await h.ask(`set rejected replicaCount=3 -n ${namespace}`);
    const { id, message } = await h.plan(thread);
    await h.reject(id, BOB, message);
    await h.bot.app?.idle();
    const updated = h.slack.message(CHANNEL, message.ts);
    expect(updated && textOf(updated)).toMatch(/Rejected by @U0BOB .*: nothing ran/);
    expect(updated && textOf(updated)).not.toContain("[Approve]");

    await h.approve(id, CAROL, message);
    await h.bot.app?.idle();
    expect(
      h.slack.ephemerals.find(
        (e) => e.user === CAROL && /already \*rejected\* by <@U0BOB>/.test(e.text),
      ),
    ).toBeDefined();
    expect(await revisions("rejected")).toEqual([1]);
  });

  it("refuses an approver the policy does not name, privately, and audits it", async () => {
    const thread = await h.ask(`set guarded replicaCount=2 -n ${namespace}`);
    const { id, message } = await h.plan(thread);
    const before = h.slack.callsTo("chat.update").length;
    await h.approve(id, MALLORY, message);
    await h.bot.app?.idle();
    const note = h.slack.ephemerals.find((e) => e.user === MALLORY);
    expect(note?.text).toMatch(
      /You cannot decide on this plan: You are not one of this channel's approvers/,
    );
    expect(note?.threadTs).toBe(thread);
    expect(h.slack.callsTo("chat.update").length).toBe(before);
    const audit = await h.bot.audit.recent({ release: { name: "guarded", namespace }, limit: 20 });
    expect(audit.find((e) => e.type === "unauthorised_approval")).toMatchObject({
      actor: MALLORY,
      planId: id,
    });
    expect(await h.bot.store.get(id)).toMatchObject({ state: "awaiting_approval" });
    expect(await revisions("guarded")).toEqual([1]);
  });

  it("never lets the requester approve their own plan in a protected namespace", async () => {
    const thread = await h.ask(`set payments replicaCount=2 -n ${prod}`);
    const { id, message } = await h.plan(thread);
    await h.approve(id, ALICE, message);
    await h.bot.app?.idle();
    const note = h.slack.ephemerals.find((e) => e.user === ALICE && e.threadTs === thread);
    expect(note?.text).toContain(
      "is a protected namespace: someone other than the requester must approve",
    );
    expect(await h.bot.store.get(id)).toMatchObject({ state: "awaiting_approval" });
    expect(await revisions("payments", prod)).toEqual([1]);
  });

  it("runs nothing when the release changed after the plan was made", async () => {
    const thread = await h.ask(`set stale replicaCount=2 -n ${namespace}`);
    const { id, message } = await h.plan(thread);
    await helm.mutate({
      kind: "upgrade",
      release: { name: "stale", namespace },
      chart: "fixtures/webapp",
      version: "1.0.0",
      valuesStrategy: "reuse",
      set: { replicaCount: 3 },
      wait: true,
      timeoutSeconds: 60,
    });
    await h.approve(id, BOB, message);
    const result = await h.result(thread, id);
    expect(textOf(result)).toContain("not run, the release changed");
    expect(textOf(result)).toMatch(/is at revision 2 .*not at revision 1/);
    expect(await revisions("stale")).toEqual([1, 2]);
    expect(await h.bot.store.get(id)).toMatchObject({ state: "stale" });
  });

  it("runs two approved plans on one release one after the other", async () => {
    const [a, b] = await Promise.all([
      h.ask(`set busy replicaCount=2 -n ${namespace}`),
      h.ask(`set busy service.port=8081 -n ${namespace}`),
    ]);
    const [planA, planB] = await Promise.all([h.plan(a), h.plan(b)]);
    await Promise.all([
      h.approve(planA.id, BOB, planA.message),
      h.approve(planB.id, BOB, planB.message),
    ]);
    await Promise.all([h.result(a, planA.id), h.result(b, planB.id)]);
    const records = await Promise.all([h.bot.store.get(planA.id), h.bot.store.get(planB.id)]);
    const states = records.map((r) => r?.state).sort();
    expect(states).toEqual(["stale", "succeeded"]);
    const [first, second] = [...records].sort((x, y) =>
      (x?.startedAt ?? "").localeCompare(y?.startedAt ?? ""),
    );
    expect(
      first?.execution?.finishedAt &&
        second?.startedAt &&
        second.startedAt >= first.execution.finishedAt,
    ).toBe(true);
    expect(await revisions("busy")).toEqual([1, 2]);
  });
});
