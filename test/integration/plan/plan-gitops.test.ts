// Releases a GitOps controller owns, installed on the real cluster with the tracking labels Flux
// and Argo CD put on their objects: the plan warns that a direct change is reverted and says
// which path works, and a policy that refuses such plans plans nothing.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import type { GitOpsRule } from "../../../src/plan/apply-gitops-ownership.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { DIAG_CHART } from "../diagnose/broken-releases.ts";
import { intent, testKube } from "./plan-test-support.ts";

// As a controller installs it: the labels are in the release's manifest, two revisions deep.
async function installLabelled(namespace: string, name: string, labels: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), "wh-gitops-"));
  const values = join(dir, "values.yaml");
  await writeFile(values, JSON.stringify({ extraLabels: labels }));
  const helm = (args: string[]) =>
    execa(env.helm4Bin, [...args, "--kubeconfig", env.kubeconfig, "--namespace", namespace]);
  await helm(["install", name, DIAG_CHART, "-f", values]);
  await helm(["upgrade", name, DIAG_CHART, "--reuse-values", "--set", "replicaCount=2"]);
}

describe("plans for releases a GitOps controller owns", () => {
  let helm: HelmClient;
  let namespace: string;

  async function plan(name: string, operation: "rollback" | "uninstall", gitOps?: GitOpsRule) {
    return makePlan({
      intent: intent(operation, name, namespace),
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
      ...(gitOps ? { gitOps } : {}),
    });
  }

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("plan-gitops");
    await Promise.all([
      installLabelled(namespace, "fluxed", {
        "helm.toolkit.fluxcd.io/name": "fluxed",
        "helm.toolkit.fluxcd.io/namespace": "flux-system",
      }),
      installLabelled(namespace, "argoed", { "argocd.argoproj.io/instance": "shop-argoed" }),
      installLabelled(namespace, "plain", {}),
    ]);
  }, 120_000);
  afterAll(() => deleteNamespace(namespace));

  it("warns that Flux reverts a direct rollback and says to suspend the HelmRelease first", async () => {
    const outcome = await plan("fluxed", "rollback");
    if (outcome.kind !== "plan") throw new Error(JSON.stringify(outcome));
    expect(outcome.warnings[0]).toMatch(
      /^This release is managed by the Flux HelmRelease flux-system\/fluxed \(.*helm\.toolkit\.fluxcd\.io\/name=fluxed\): it will revert a direct rollback at its next reconcile/,
    );
    expect(outcome.warnings[0]).toContain("flux suspend helmrelease fluxed -n flux-system");
  });

  it("warns that Argo CD reverts a direct uninstall and says to change it in Git", async () => {
    const outcome = await plan("argoed", "uninstall");
    if (outcome.kind !== "plan") throw new Error(JSON.stringify(outcome));
    expect(outcome.warnings[0]).toMatch(
      /managed by the Argo CD Application shop-argoed .*: it will revert a direct uninstall at its next sync; change it in Git instead/,
    );
  });

  it("refuses the plan outright when the policy says so, and leaves other releases alone", async () => {
    expect(await plan("fluxed", "rollback", "refuse")).toMatchObject({
      kind: "refusal",
      code: "owned_by_gitops",
      suggestions: [expect.stringContaining("flux suspend helmrelease fluxed -n flux-system")],
    });
    const plain = await plan("plain", "rollback", "refuse");
    if (plain.kind !== "plan") throw new Error(JSON.stringify(plain));
    expect(plain.warnings.join("\n")).not.toMatch(/GitOps|Flux|Argo/);
  });
});
