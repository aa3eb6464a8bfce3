// The policy's identities: Slack users and user groups to the Kubernetes user and groups the API
// server is asked to act as, validated so no name can become a flag.
import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy } from "../../../src/policy/parse-policy.ts";
import {
  identityGroupIds,
  resolveKubeIdentity,
} from "../../../src/policy/resolve-kube-identity.ts";

const policy = parsePolicy(
  `
identities:
  users:
    U0ALICE: { user: alice@example.com, groups: [team-shop] }
  groups:
    S0SHOPONCALL: { groups: [team-shop, shop-oncall] }
`,
  "test",
);

describe("resolveKubeIdentity", () => {
  it("maps a Slack user to their Kubernetes user, adding their mapped user groups' groups", () => {
    expect(resolveKubeIdentity(policy, "U0ALICE", ["S0SHOPONCALL"])).toEqual({
      identity: { user: "alice@example.com", groups: ["team-shop", "shop-oncall"] },
      note: "as alice@example.com (groups team-shop, shop-oncall), mapped from the Slack user U0ALICE and the Slack user group S0SHOPONCALL",
    });
  });

  it("gives a member of a mapped group with no user mapping the user slack:<id>", () => {
    expect(resolveKubeIdentity(policy, "U0BOB", ["S0SHOPONCALL"]).identity).toEqual({
      user: "slack:U0BOB",
      groups: ["team-shop", "shop-oncall"],
    });
  });

  it("falls back to Wheelhouse's own identity for a person no mapping covers, and says so", () => {
    expect(resolveKubeIdentity(policy, "U0CAROL", ["S0OTHER"])).toEqual({
      identity: null,
      note: "as Wheelhouse's own identity: the policy maps no Kubernetes identity for U0CAROL",
    });
    expect(identityGroupIds(policy)).toEqual(["S0SHOPONCALL"]);
  });

  it("refuses a mapped name that would read as a flag", () => {
    expect(() =>
      parsePolicy("identities:\n  users:\n    U0EVE: { user: --kubeconfig=/tmp/x }\n", "test"),
    ).toThrow(PolicyError);
    expect(() =>
      parsePolicy("identities:\n  groups:\n    S0X: { groups: [-admins] }\n", "test"),
    ).toThrow(PolicyError);
  });
});
