// Without a policy file the bot fails closed: reads everywhere, no change planned or approved
// anywhere, and the refusal says how to allow changes. The playground's explicit file allows
// what the README's walkthrough does, and only there.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideApproval } from "../../../src/policy/decide-approval.ts";
import { decideRequest } from "../../../src/policy/decide-request.ts";
import { DEFAULT_POLICY, noPolicyReason } from "../../../src/policy/default-policy.ts";
import { loadPolicy } from "../../../src/policy/load-policy.ts";
import { READ_OPERATIONS } from "../../../src/policy/policy-schema.ts";
import {
  PLAYGROUND_APPROVER,
  PLAYGROUND_CHANNEL,
  PLAYGROUND_POLICY_PATH,
  PLAYGROUND_USER,
} from "../../../src/slack/playground-state.ts";

const CHANGES = ["upgrade", "rollback", "uninstall", "set-values"] as const;

describe("the built-in policy (no WHEELHOUSE_POLICY)", () => {
  it("is what loadPolicy gives without a path", async () => {
    expect(await loadPolicy(undefined)).toBe(DEFAULT_POLICY);
    expect(await loadPolicy("")).toBe(DEFAULT_POLICY);
  });

  it("answers every read in every channel and namespace", () => {
    for (const operation of READ_OPERATIONS) {
      for (const namespace of ["shop", "kube-system", "prod-eu", null]) {
        expect(decideRequest(DEFAULT_POLICY, { channel: "C0ANY", operation, namespace })).toEqual({
          allowed: true,
        });
      }
    }
  });

  it("refuses every change, in every namespace, and says how to allow changes", () => {
    for (const operation of CHANGES) {
      for (const namespace of ["shop", "team-a", null]) {
        expect(decideRequest(DEFAULT_POLICY, { channel: "C0ANY", operation, namespace })).toEqual({
          allowed: false,
          reason: noPolicyReason(operation),
        });
      }
    }
    const reason = noPolicyReason("upgrade");
    expect(reason).toContain("No approval policy is configured");
    expect(reason).toContain("the upgrade is refused");
    expect(reason).toContain("set WHEELHOUSE_POLICY to its path");
    expect(reason).toContain("policy.example.yaml");
  });

  it("lets nobody approve, whoever asked and wherever", () => {
    for (const operation of CHANGES) {
      expect(
        decideApproval(DEFAULT_POLICY, {
          channel: "C0ANY",
          approver: "U0ALICE",
          approverGroups: [],
          requester: "U0BOB",
          namespace: "shop",
          operation,
        }),
      ).toEqual({
        allowed: false,
        code: "operation_not_allowed",
        reason: noPolicyReason(operation),
      });
    }
  });

  it("cannot be claimed by a file: builtIn is not a policy field", async () => {
    await expect(
      loadPolicy(join(import.meta.dirname, "fixtures", "claims-builtin.yaml")),
    ).rejects.toThrow(/builtIn/);
  });
});

describe("the playground's policy file", () => {
  it("allows the walkthrough in the playground channel: plan, approve as another member", async () => {
    const policy = await loadPolicy(PLAYGROUND_POLICY_PATH);
    expect(policy.builtIn).toBeUndefined();
    const ask = (operation: (typeof CHANGES)[number] | "list", channel = PLAYGROUND_CHANNEL) =>
      decideRequest(policy, { channel, operation, namespace: "demo" });
    for (const operation of CHANGES) expect(ask(operation)).toEqual({ allowed: true });
    expect(ask("list")).toEqual({ allowed: true });
    const approval = {
      channel: PLAYGROUND_CHANNEL,
      approverGroups: [],
      requester: PLAYGROUND_USER,
      namespace: "demo",
      operation: "upgrade" as const,
    };
    expect(decideApproval(policy, { ...approval, approver: PLAYGROUND_APPROVER })).toEqual({
      allowed: true,
    });
    expect(decideApproval(policy, { ...approval, approver: PLAYGROUND_USER })).toMatchObject({
      code: "self_approval_forbidden",
    });
    // Another channel only reads.
    expect(ask("list", "C0ELSEWHERE")).toEqual({ allowed: true });
    expect(ask("upgrade", "C0ELSEWHERE")).toMatchObject({ allowed: false });
  });
});
