// The approval policy: parsing with readable errors, the default policy, request and approval
// decisions for every rule.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyIntent } from "../../../src/model/intent.ts";
import { decideApproval } from "../../../src/policy/decide-approval.ts";
import { decideRequest } from "../../../src/policy/decide-request.ts";
import { DEFAULT_POLICY } from "../../../src/policy/default-policy.ts";
import { loadPolicy } from "../../../src/policy/load-policy.ts";
import { matchesGlob, matchesNamespaceList } from "../../../src/policy/match-namespace.ts";
import { PolicyError, parsePolicy } from "../../../src/policy/parse-policy.ts";
import {
  isNamespaceReadable,
  resolveChannelRule,
} from "../../../src/policy/resolve-channel-rule.ts";

const POLICY_YAML = `
planTtlMinutes: 30
protectedNamespaces: [kube-system, "prod*", payments]
channels:
  "*":
    operations: [list, status, history, values, manifest, diagnose]
    readOnly: true
  C0SHOP:
    namespaces: ["shop-*", "prod-shop"]
    operations: [list, status, upgrade, rollback]
    readOnly: false
    approvers: { groups: [S0LEADS] }
    allowSelfApproval: true
  C0PLATFORM:
    readOnly: false
    operations: [list, upgrade, rollback, uninstall, set-values]
    approvers: { users: [U0ALICE, U0BOB] }
`;
const policy = parsePolicy(POLICY_YAML, "test.yaml");
// A file that leaves everything to CHANNEL_DEFAULTS (not the built-in policy: that is no file).
const allDefaults = parsePolicy("channels:\n  '*': {}\n", "defaults.yaml");
// The same, granting every change by name: what CHANNEL_DEFAULTS then decides is namespaces.
const ALL_OPERATIONS =
  "[list, status, history, values, manifest, diagnose, upgrade, rollback, uninstall, set-values]";
const grantsChanges = parsePolicy(
  `channels:\n  '*': { operations: ${ALL_OPERATIONS} }\n`,
  "grants.yaml",
);

function errorOf(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error("expected a PolicyError");
}

describe("glob matching", () => {
  it("matches * and ? and nothing else", () => {
    expect(matchesGlob("team-*", "team-a")).toBe(true);
    expect(matchesGlob("team-*", "team-")).toBe(true);
    expect(matchesGlob("team-*", "xteam-a")).toBe(false);
    expect(matchesGlob("prod?", "prod1")).toBe(true);
    expect(matchesGlob("prod?", "prod12")).toBe(false);
    expect(matchesGlob("*", "anything")).toBe(true);
    expect(matchesGlob("a-b", "a-b")).toBe(true);
  });

  it("excludes with a leading !", () => {
    expect(matchesNamespaceList(["*", "!kube-system"], "kube-system")).toBe(false);
    expect(matchesNamespaceList(["*", "!kube-system"], "shop")).toBe(true);
    expect(matchesNamespaceList(["!kube-system"], "shop")).toBe(false);
    expect(matchesNamespaceList([], "shop")).toBe(false);
  });
});

describe("parsePolicy", () => {
  it("reads YAML and fills in the defaults", () => {
    const minimal = parsePolicy("channels:\n  C0ONE: {}\n", "p.yaml");
    expect(minimal.planTtlMinutes).toBe(60);
    expect(minimal.protectedNamespaces).toEqual(["kube-system", "prod*", "production*"]);
    expect(policy.planTtlMinutes).toBe(30);
    expect(policy.channels.C0SHOP?.approvers).toEqual({ users: [], groups: ["S0LEADS"] });
  });

  it("reads JSON, told apart by content", () => {
    const json = parsePolicy('{"planTtlMinutes": 5, "channels": {"*": {"readOnly": true}}}', "p");
    expect(json.planTtlMinutes).toBe(5);
    expect(json.channels["*"]?.readOnly).toBe(true);
  });

  it("takes an empty file as the all-defaults policy", () => {
    expect(parsePolicy("", "empty.yaml")).toEqual({
      channels: { "*": {} },
      protectedNamespaces: ["kube-system", "prod*", "production*"],
      planTtlMinutes: 60,
    });
  });

  it("names the file and the field of every problem", () => {
    const error = errorOf(() =>
      parsePolicy(
        "channels:\n  C0ONE:\n    operations: [upgrade, deploy]\n    readonly: true\n  '#ops': {}\nplanTtlMinutes: 0\n",
        "/etc/wheelhouse/policy.yaml",
      ),
    );
    expect(error.code).toBe("policy_invalid");
    expect(error.message).toContain("/etc/wheelhouse/policy.yaml");
    expect(error.problems.join("\n")).toMatch(/channels\.C0ONE\.operations\[1\]/);
    expect(error.problems.join("\n")).toMatch(/channels\.C0ONE: .*readonly/);
    expect(error.problems).toContainEqual(
      'channels.#ops: a channel is a Slack channel id (C0123ABCD) or "*"',
    );
    expect(error.problems.join("\n")).toMatch(/planTtlMinutes/);
  });

  it("refuses user and group ids that are not Slack ids, and bad namespace patterns", () => {
    const error = errorOf(() =>
      parsePolicy(
        'channels:\n  C0ONE:\n    approvers: { users: ["alice"], groups: ["leads"] }\n    namespaces: ["Team_A"]\n',
        "p.yaml",
      ),
    );
    expect(error.problems).toHaveLength(3);
    expect(error.problems).toContainEqual(
      expect.stringMatching(/^channels\.C0ONE\.approvers\.users\[0\]: a user is a Slack user id/),
    );
  });

  it("says which syntax is broken", () => {
    expect(errorOf(() => parsePolicy("{ nope", "p.json")).problems[0]).toMatch(/^not valid JSON/);
    expect(errorOf(() => parsePolicy("a: [1, 2", "p.yaml")).problems[0]).toMatch(/^not valid YAML/);
  });
});

describe("loadPolicy", () => {
  it("returns the default policy without a path", async () => {
    expect(await loadPolicy(undefined)).toBe(DEFAULT_POLICY);
  });

  it("reads and validates the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wheelhouse-policy-"));
    const path = join(dir, "policy.yaml");
    await writeFile(path, POLICY_YAML);
    expect(await loadPolicy(path)).toEqual(policy);
    await writeFile(path, "planTtlMinutes: soon\n");
    await expect(loadPolicy(path)).rejects.toThrow(/policy\.yaml:\n {2}- planTtlMinutes: /);
  });

  it("names a file that cannot be read", async () => {
    await expect(loadPolicy("/nonexistent/policy.yaml")).rejects.toThrow(
      /\/nonexistent\/policy\.yaml:\n {2}- cannot be read \(ENOENT\)/,
    );
  });

  it("accepts the example policy at the repository root", async () => {
    const example = await loadPolicy(join(import.meta.dirname, "../../../policy.example.yaml"));
    expect(example.channels.C0PLATFORM?.approvers?.users).toEqual(["U0ONCALL1", "U0ONCALL2"]);
  });
});

describe("resolveChannelRule", () => {
  it("takes what a channel leaves out from the * entry, then from the built-in defaults", () => {
    expect(resolveChannelRule(policy, "C0PLATFORM")).toEqual({
      namespaces: ["*"],
      mutationNamespaces: ["*", "!kube-system"],
      operations: ["list", "upgrade", "rollback", "uninstall", "set-values"],
      readOnly: false,
      approvers: { users: ["U0ALICE", "U0BOB"], groups: [] },
      allowSelfApproval: false,
    });
    expect(resolveChannelRule(policy, "C0OTHER")?.readOnly).toBe(true);
  });

  it("serves no channel when there is neither an entry nor a * entry", () => {
    const only = parsePolicy("channels:\n  C0ONE: {}\n", "p");
    expect(resolveChannelRule(only, "C0TWO")).toBeNull();
    expect(decideRequest(only, { channel: "C0TWO", operation: "list", namespace: null })).toEqual({
      allowed: false,
      reason: expect.stringMatching(/not enabled in this channel/),
    });
  });

  it("filters reads by the channel's namespaces", () => {
    expect(isNamespaceReadable(policy, "C0SHOP", "shop-web")).toBe(true);
    expect(isNamespaceReadable(policy, "C0SHOP", "billing")).toBe(false);
  });
});

describe("decideRequest", () => {
  it("under an all-defaults file: reads anywhere, no changes (they are granted by name)", () => {
    const ask = (operation: "status" | "upgrade" | "rollback", namespace: string) =>
      decideRequest(allDefaults, { channel: "C0ANY", operation, namespace });
    expect(ask("status", "kube-system")).toEqual({ allowed: true });
    expect(ask("upgrade", "shop")).toMatchObject({ allowed: false });
    expect(ask("rollback", "shop")).toMatchObject({ allowed: false });
    expect(parsePolicy("", "empty.yaml").channels).toEqual({ "*": {} });
    expect(
      decideRequest(parsePolicy("", "empty.yaml"), {
        channel: "C0X",
        operation: "uninstall",
        namespace: "a",
      }),
    ).toMatchObject({ allowed: false });
  });

  it("when changes are granted by name: anywhere but kube-system by default", () => {
    const ask = (operation: "status" | "upgrade", namespace: string) =>
      decideRequest(grantsChanges, { channel: "C0ANY", operation, namespace });
    expect(ask("status", "kube-system")).toEqual({ allowed: true });
    expect(ask("upgrade", "shop")).toEqual({ allowed: true });
    expect(ask("upgrade", "prod-eu")).toEqual({ allowed: true });
    expect(ask("upgrade", "kube-system")).toEqual({
      allowed: false,
      reason:
        "Changes in namespace kube-system are not allowed from this channel (changes allowed in: *, !kube-system); reads are.",
    });
  });

  it("refuses changes in a read-only channel, and says where to ask", () => {
    expect(
      decideRequest(policy, { channel: "C0OTHER", operation: "rollback", namespace: "shop" }),
    ).toEqual({
      allowed: false,
      reason:
        "'rollback' is not allowed in this channel (allowed here: list, status, history, values, manifest, diagnose).",
    });
    const readOnlyWithOps = parsePolicy(
      `channels:\n  '*': { readOnly: true, operations: ${ALL_OPERATIONS} }\n`,
      "p",
    );
    expect(
      decideRequest(readOnlyWithOps, { channel: "C0X", operation: "upgrade", namespace: "a" }),
    ).toEqual({
      allowed: false,
      reason:
        "This channel is read-only: ask for the upgrade in a channel where changes are allowed.",
    });
  });

  it("refuses operations the channel does not list, reads included", () => {
    const decision = decideRequest(policy, {
      channel: "C0SHOP",
      operation: "uninstall",
      namespace: "shop-web",
    });
    expect(decision).toMatchObject({ allowed: false });
    expect(
      decideRequest(policy, { channel: "C0SHOP", operation: "values", namespace: "shop-web" }),
    ).toMatchObject({ allowed: false });
  });

  it("refuses namespaces outside the channel's, for reads and changes", () => {
    expect(
      decideRequest(policy, { channel: "C0SHOP", operation: "status", namespace: "billing" }),
    ).toEqual({
      allowed: false,
      reason: "Namespace billing is outside this channel's namespaces (shop-*, prod-shop).",
    });
    expect(
      decideRequest(policy, { channel: "C0SHOP", operation: "upgrade", namespace: "shop-web" }),
    ).toEqual({ allowed: true });
  });

  it("takes an Intent's operation as it is", () => {
    const intent = emptyIntent("values");
    expect(
      decideRequest(policy, {
        channel: "C0SHOP",
        operation: intent.operation,
        namespace: "shop-a",
      }),
    ).toMatchObject({ allowed: false });
  });

  it("allows help and unknown everywhere, and a read with no namespace yet", () => {
    const only = parsePolicy("channels:\n  C0ONE: {}\n", "p");
    expect(decideRequest(only, { channel: "C0TWO", operation: "help", namespace: null })).toEqual({
      allowed: true,
    });
    expect(
      decideRequest(policy, { channel: "C0SHOP", operation: "list", namespace: null }),
    ).toEqual({ allowed: true });
  });
});

describe("decideApproval", () => {
  const base = {
    channel: "C0PLATFORM",
    approver: "U0ALICE",
    approverGroups: [],
    requester: "U0CAROL",
    namespace: "shop",
    operation: "upgrade" as const,
  };

  it("lets a listed approver approve someone else's plan", () => {
    expect(decideApproval(policy, base)).toEqual({ allowed: true });
  });

  it("refuses someone who is not a listed approver", () => {
    expect(decideApproval(policy, { ...base, approver: "U0DAVE" })).toEqual({
      allowed: false,
      code: "not_an_approver",
      reason: "You are not one of this channel's approvers (users U0ALICE, U0BOB).",
    });
  });

  it("accepts an approver through a user group", () => {
    const shop = { ...base, channel: "C0SHOP", namespace: "shop-web", approver: "U0DAVE" };
    expect(decideApproval(policy, { ...shop, approverGroups: ["S0LEADS"] })).toEqual({
      allowed: true,
    });
    expect(decideApproval(policy, { ...shop, approverGroups: ["S0OTHER"] })).toMatchObject({
      code: "not_an_approver",
    });
  });

  it("lets anyone approve when the approver lists are empty, but not the requester", () => {
    const anyone = { ...base, channel: "C0ANY", approver: "U0ZED" };
    expect(decideApproval(grantsChanges, anyone)).toEqual({ allowed: true });
    expect(decideApproval(grantsChanges, { ...anyone, requester: "U0ZED" })).toEqual({
      allowed: false,
      code: "self_approval_forbidden",
      reason: "You asked for this plan, so someone else must approve it.",
    });
  });

  it("allows self-approval where the channel says so, never in a protected namespace", () => {
    const self = {
      ...base,
      channel: "C0SHOP",
      approver: "U0DAVE",
      requester: "U0DAVE",
      approverGroups: ["S0LEADS"],
    };
    expect(decideApproval(policy, { ...self, namespace: "shop-web" })).toEqual({ allowed: true });
    expect(decideApproval(policy, { ...self, namespace: "prod-shop" })).toEqual({
      allowed: false,
      code: "self_approval_protected",
      reason: "prod-shop is a protected namespace: someone other than the requester must approve.",
    });
  });

  it("protects kube-system and prod* by default", () => {
    const self = { ...base, channel: "C0ANY", approver: "U0ZED", requester: "U0ZED" };
    const open = parsePolicy(
      `channels:\n  '*': { allowSelfApproval: true, operations: ${ALL_OPERATIONS} }\n`,
      "p",
    );
    expect(decideApproval(open, { ...self, namespace: "team-a" })).toEqual({ allowed: true });
    expect(decideApproval(open, { ...self, namespace: "production-eu" })).toMatchObject({
      code: "self_approval_protected",
    });
  });

  it("refuses operations and namespaces the channel does not allow, read-only channels too", () => {
    expect(
      decideApproval(policy, {
        ...base,
        channel: "C0SHOP",
        namespace: "shop-web",
        operation: "uninstall",
        approverGroups: ["S0LEADS"],
      }),
    ).toMatchObject({
      code: "operation_not_allowed",
    });
    expect(decideApproval(policy, { ...base, channel: "C0OTHER" })).toEqual({
      allowed: false,
      code: "operation_not_allowed",
      reason: "This channel is read-only: changes (this upgrade) cannot be approved here.",
    });
    expect(decideApproval(policy, { ...base, namespace: "kube-system" })).toEqual({
      allowed: false,
      code: "namespace_not_allowed",
      reason: "Changes in namespace kube-system cannot be approved from this channel.",
    });
  });
});
