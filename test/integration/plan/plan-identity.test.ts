// Identities the API server checks, on the real (RBAC) API server: a team whose Role lets it
// change only its own namespace. A plan's dry run impersonates the requester, so a request the
// team's RBAC does not allow gets the API server's denial in the plan, before anyone approves;
// the approved run impersonates the approver. The test kubeconfig (system:masters) may
// impersonate, as the deploy chart lets Wheelhouse's own ServiceAccounts.
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { asApprover } from "../../../src/exec/as-approver.ts";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import type { PlanOutcome } from "../../../src/plan/plan-types.ts";
import { parsePolicy } from "../../../src/policy/parse-policy.ts";
import { resolveKubeIdentity } from "../../../src/policy/resolve-kube-identity.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { intent, testKube } from "./plan-test-support.ts";

const policy = parsePolicy(
  `
identities:
  users:
    U0ALICE: { user: alice@example.com }
    U0BOB: { user: bob@example.com }
  groups:
    S0SHOP: { groups: [team-shop] }
`,
  "test",
);
const alice = resolveKubeIdentity(policy, "U0ALICE", ["S0SHOP"]);
const bob = resolveKubeIdentity(policy, "U0BOB", []);

// What the team may do, in its namespace only: everything helm needs for the webapp chart.
function teamRbac(namespace: string): string {
  return `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: release-manager, namespace: ${namespace} }
rules:
  - apiGroups: ["", apps]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-shop-release-manager, namespace: ${namespace} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: release-manager }
subjects:
  - { apiGroup: rbac.authorization.k8s.io, kind: Group, name: team-shop }
`;
}

describe("plans and runs as the people who ask and approve", () => {
  let helm: HelmClient;
  let team: string;
  let other: string;

  async function plan(namespace: string, runAs = alice): Promise<PlanOutcome> {
    return makePlan({
      intent: intent("set-values", "shop", namespace, { set: { replicaCount: 2 } }),
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
      runAs,
    });
  }

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    [team, other] = await Promise.all([createNamespace("id-team"), createNamespace("id-other")]);
    await execa(env.kubectlBin, ["--kubeconfig", env.kubeconfig, "apply", "-f", "-"], {
      input: teamRbac(team),
    });
    const install = (namespace: string) =>
      helm.mutate({
        kind: "install",
        release: { name: "shop", namespace },
        chart: "fixtures/webapp",
        version: "1.0.0",
        set: { replicaCount: 1 },
        timeoutSeconds: 60,
      });
    await Promise.all([install(team), install(other)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([deleteNamespace(team), deleteNamespace(other)]);
  });

  it("dry-runs a change in the team's namespace as the requester and says whom it ran as", async () => {
    const outcome = await plan(team);
    if (outcome.kind !== "plan") throw new Error(JSON.stringify(outcome));
    expect(outcome.runAs).toEqual(alice);
    expect(outcome.runAs?.note).toMatch(/^as alice@example.com \(groups team-shop\), mapped from/);
    // Impersonation says who acts, not what is done: the approved argv has none.
    expect(outcome.command.argv.join(" ")).not.toMatch(/kube-as/);
    expect(outcome.dryRun.apiServerAccepted).toBeGreaterThan(0);
  });

  it("puts the API server's denial in the plan where the requester's RBAC does not reach", async () => {
    for (const [namespace, who, user] of [
      [other, alice, "alice@example.com"],
      [team, bob, "bob@example.com"],
    ] as const) {
      const outcome = await plan(namespace, who);
      if (outcome.kind !== "refusal") throw new Error(`expected a refusal: ${outcome.kind}`);
      expect(outcome.detail ?? outcome.reason).toMatch(
        new RegExp(`forbidden: User "${user}" cannot`),
      );
    }
  });

  it("says the plan ran as Wheelhouse's own identity when nobody is mapped", async () => {
    const outcome = await plan(other, resolveKubeIdentity(policy, "U0CAROL", []));
    if (outcome.kind !== "plan") throw new Error(JSON.stringify(outcome));
    expect(outcome.runAs?.note).toBe(
      "as Wheelhouse's own identity: the policy maps no Kubernetes identity for U0CAROL",
    );
  });

  it("runs the approved command as the approver, so the cluster's RBAC has the last word", async () => {
    const outcome = await plan(team);
    if (outcome.kind !== "plan") throw new Error(JSON.stringify(outcome));
    await expect(helm.mutate(asApprover(outcome.command.operation, bob))).rejects.toMatchObject({
      stderrHead: expect.stringMatching(/forbidden: User "bob@example.com" cannot/),
    });
    expect((await helm.status({ name: "shop", namespace: team })).version).toBe(1);
    await helm.mutate(asApprover(outcome.command.operation, alice));
    expect((await helm.status({ name: "shop", namespace: team })).version).toBe(2);
  });
});
