// Approve and Reject clicks on the real Redis: the policy decides, one click wins, an expired
// plan cannot be approved, and every decision (allowed or not) is in the audit trail.
import { afterAll, describe, expect, it } from "vitest";
import { approvePlan, type DecisionDeps, rejectPlan } from "../../../src/exec/approve-plan.ts";
import { DEFAULT_POLICY } from "../../../src/policy/default-policy.ts";
import { parsePolicy } from "../../../src/policy/parse-policy.ts";
import { AuditLog } from "../../../src/store/audit-log.ts";
import { PlanStore } from "../../../src/store/plan-store.ts";
import { OPEN_POLICY } from "../../support/open-policy.ts";
import { testPlanSigner } from "../../support/test-plan-key.ts";
import { sampleContext, samplePlan } from "../../unit/store/sample-plan.ts";
import { createTestRedis } from "../store/redis-test-support.ts";

describe("approvePlan and rejectPlan", () => {
  const test = createTestRedis("approve");
  let now = new Date();
  const store = new PlanStore(test.redis, {
    prefix: test.prefix,
    signer: testPlanSigner(),
    now: () => now,
  });
  const audit = new AuditLog(test.redis, { stream: `${test.prefix}:audit`, log: () => undefined });
  const enqueued: string[] = [];
  const queue = {
    async enqueue(planId: string) {
      const fresh = !enqueued.includes(planId);
      enqueued.push(planId);
      return { enqueued: fresh };
    },
  };
  const deps: DecisionDeps = { store, audit, queue, policy: OPEN_POLICY };
  const click = (planId: string, by: string, channel = "C0SHOP") => ({
    planId,
    by,
    byGroups: [],
    channel,
  });
  afterAll(() => test.cleanup());

  it("approves and enqueues once, whoever clicks second is told it was already decided", async () => {
    const { id } = await store.save(samplePlan(), sampleContext(), 3600);
    const outcomes = await Promise.all([
      approvePlan(deps, click(id, "U0ALICE")),
      approvePlan(deps, click(id, "U0BOB")),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["already_decided", "approved"]);
    expect(enqueued.filter((e) => e === id)).toHaveLength(1);
    const trail = await audit.recent({ limit: 5 });
    expect(trail[0]).toMatchObject({
      type: "approval",
      planId: id,
      detail: expect.stringMatching(/^approved: helm rollback web 2/),
    });
  });

  it("refuses the requester's own approval and audits it as unauthorised", async () => {
    const { id } = await store.save(samplePlan(), sampleContext({ requester: "U0CAROL" }), 3600);
    expect(await approvePlan(deps, click(id, "U0CAROL"))).toMatchObject({
      status: "refused",
      code: "self_approval_forbidden",
    });
    expect((await store.get(id))?.state).toBe("awaiting_approval");
    expect((await audit.recent({ limit: 1 }))[0]).toMatchObject({
      type: "unauthorised_approval",
      actor: "U0CAROL",
      planId: id,
      detail: "self_approval_forbidden: You asked for this plan, so someone else must approve it.",
    });
  });

  it("follows the policy file: listed approvers only, never self-approval in protected namespaces", async () => {
    const policy = parsePolicy(
      "channels:\n  C0SHOP:\n    operations: [status, upgrade, rollback]\n    approvers: { users: [U0ALICE, U0CAROL] }\n    allowSelfApproval: true\n",
      "p.yaml",
    );
    const strict = { ...deps, policy };
    const prod = await store.save(
      samplePlan({ name: "web", namespace: "prod-eu" }),
      sampleContext(),
      3600,
    );
    expect(await approvePlan(strict, click(prod.id, "U0DAVE"))).toMatchObject({
      code: "not_an_approver",
    });
    expect(await approvePlan(strict, click(prod.id, "U0CAROL"))).toMatchObject({
      code: "self_approval_protected",
    });
    const shop = await store.save(samplePlan(), sampleContext(), 3600);
    expect(await approvePlan(strict, click(shop.id, "U0CAROL"))).toMatchObject({
      status: "approved",
    });
  });

  it("cannot approve an expired plan, nor from another channel", async () => {
    now = new Date("2026-05-01T12:00:00Z");
    const { id } = await store.save(samplePlan(), sampleContext(), 60);
    expect(await approvePlan(deps, click(id, "U0ALICE", "C0OTHER"))).toMatchObject({
      status: "refused",
      code: "wrong_channel",
    });
    now = new Date("2026-05-01T12:02:00Z");
    expect(await approvePlan(deps, click(id, "U0ALICE"))).toMatchObject({
      status: "expired",
      record: { state: "expired" },
    });
    expect(enqueued).not.toContain(id);
    now = new Date();
  });

  it("lets the requester withdraw their plan, and an outsider not reject it", async () => {
    const policy = parsePolicy(
      "channels:\n  C0SHOP:\n    operations: [status, upgrade, rollback]\n    approvers: { users: [U0ALICE] }\n",
      "p.yaml",
    );
    const strict = { ...deps, policy };
    const { id } = await store.save(samplePlan(), sampleContext({ requester: "U0CAROL" }), 3600);
    expect(await rejectPlan(strict, click(id, "U0DAVE"))).toMatchObject({
      status: "refused",
      code: "not_an_approver",
    });
    expect(await rejectPlan(strict, click(id, "U0CAROL"))).toMatchObject({
      status: "rejected",
      record: { state: "rejected", decision: { verdict: "rejected", by: "U0CAROL" } },
    });
    expect(await approvePlan(strict, click(id, "U0ALICE"))).toMatchObject({
      status: "already_decided",
      record: { state: "rejected" },
    });
    expect((await audit.recent({ limit: 2 })).map((e) => e.type)).toEqual([
      "rejection",
      "unauthorised_approval",
    ]);
  });

  it("approves nothing under the built-in policy (no file), and says how to allow changes", async () => {
    const closed = { ...deps, policy: DEFAULT_POLICY };
    const { id } = await store.save(samplePlan(), sampleContext(), 3600);
    expect(await approvePlan(closed, click(id, "U0ALICE"))).toMatchObject({
      status: "refused",
      code: "operation_not_allowed",
      reason: expect.stringMatching(/No approval policy is configured.*WHEELHOUSE_POLICY/),
    });
    expect((await store.get(id))?.state).toBe("awaiting_approval");
    expect(enqueued).not.toContain(id);
  });

  it("answers not_found for an unknown plan", async () => {
    expect(await approvePlan(deps, click("Zzzzzzzzzzzz", "U0ALICE"))).toEqual({
      status: "not_found",
    });
  });
});
