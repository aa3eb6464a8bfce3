// An approval records whom the approved run impersonates: the approver's identity from the
// policy, through the store's schema and signature on the real Redis, as the worker reads it.
import { afterAll, describe, expect, it } from "vitest";
import { approvePlan } from "../../../src/exec/approve-plan.ts";
import { asApprover } from "../../../src/exec/as-approver.ts";
import type { Policy } from "../../../src/policy/policy-schema.ts";
import { AuditLog } from "../../../src/store/audit-log.ts";
import { PlanStore } from "../../../src/store/plan-store.ts";
import { OPEN_POLICY } from "../../support/open-policy.ts";
import { testPlanSigner } from "../../support/test-plan-key.ts";
import { sampleContext, samplePlan } from "../../unit/store/sample-plan.ts";
import { createTestRedis } from "../store/redis-test-support.ts";

describe("approving as a mapped identity", () => {
  const test = createTestRedis("approve-as");
  const store = new PlanStore(test.redis, { prefix: test.prefix, signer: testPlanSigner() });
  const audit = new AuditLog(test.redis, { stream: `${test.prefix}:audit`, log: () => undefined });
  const queue = { enqueue: async () => ({ enqueued: true }) };
  const policy: Policy = {
    ...OPEN_POLICY,
    identities: {
      users: { U0ALICE: { user: "alice@example.com", groups: [] } },
      groups: { S0SRE: { groups: ["sre"] } },
    },
  };
  afterAll(() => test.cleanup());

  it("stores the approver's identity with the decision, and the run impersonates it", async () => {
    const { id } = await store.save(samplePlan(), sampleContext(), 3600);
    const click = { planId: id, by: "U0ALICE", byGroups: ["S0SRE"], channel: "C0SHOP" };
    expect(await approvePlan({ store, audit, queue, policy }, click)).toMatchObject({
      status: "approved",
    });
    const record = await store.get(id);
    expect(record?.decision?.runAs?.identity).toEqual({
      user: "alice@example.com",
      groups: ["sre"],
    });
    expect(record && store.hasValidSignature(record)).toBe(true);
    expect((await audit.recent({ limit: 1 }))[0]?.detail).toMatch(
      /; runs as alice@example.com \(groups sre\), mapped from the Slack user U0ALICE and the Slack user group S0SRE$/,
    );
    const run = record ? asApprover(record.plan.command.operation, record.decision?.runAs) : null;
    expect(run?.impersonate).toEqual({ user: "alice@example.com", groups: ["sre"] });
    // What was approved is unchanged: impersonation is added to the call, not to the plan.
    expect(record?.plan.command.operation).not.toHaveProperty("impersonate");
  });

  it("runs as Wheelhouse's own identity when the approver is not mapped", async () => {
    const { id } = await store.save(samplePlan(), sampleContext(), 3600);
    const click = { planId: id, by: "U0BOB", byGroups: [], channel: "C0SHOP" };
    await approvePlan({ store, audit, queue, policy }, click);
    const record = await store.get(id);
    expect(record?.decision?.runAs?.identity).toBeNull();
    const operation = record?.plan.command.operation;
    expect(operation && asApprover(operation, record?.decision?.runAs)).toBe(operation);
  });
});
