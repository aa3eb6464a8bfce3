// Bad input on the real cluster: each gets one sentence and what would work, and nothing runs.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import { HelmClient } from "../../../src/helm/helm-client.ts";
import type { Inventory } from "../../../src/model/release.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm, isolatedHelmEnv } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { intent, testKube } from "./plan-test-support.ts";

describe("plans for bad input", () => {
  let helm: HelmClient;
  let namespace: string;
  let inventory: Inventory;

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("plan-err");
    await helm.mutate({
      kind: "install",
      release: { name: "web", namespace },
      chart: "fixtures/webapp",
      version: "1.0.0",
    });
    inventory = await helm.list({ namespace });
  });
  afterAll(() => deleteNamespace(namespace));

  it("says how to add a repository when none is configured", async () => {
    const bare = await HelmClient.create({
      bin: env.helm4Bin,
      kubeconfig: env.kubeconfig,
      env: await isolatedHelmEnv(),
      timeoutMs: 60_000,
    });
    const outcome = await makePlan({
      intent: intent("upgrade", "web", namespace, { targetVersion: "1.1.0" }),
      inventory,
      helm: bare,
      kube: testKube(),
      now: new Date(),
    });
    expect(outcome).toMatchObject({
      kind: "refusal",
      code: "chart_not_in_repository",
      reason: "No configured chart repository has a chart named webapp.",
    });
    expect(outcome.kind === "refusal" && outcome.suggestions[0]).toMatch(
      /^Add the repository .*helm repo add/,
    );
  });

  it("says how to add the repository when the configured ones lack the chart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wheelhouse-chart-"));
    await execa(env.helm4Bin, ["create", join(dir, "homegrown")]);
    await helm.mutate({
      kind: "install",
      release: { name: "homegrown", namespace },
      chart: join(dir, "homegrown"),
    });
    const outcome = await makePlan({
      intent: intent("set-values", "homegrown", namespace, { set: { replicaCount: 2 } }),
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
    });
    expect(outcome).toMatchObject({
      kind: "refusal",
      code: "chart_not_in_repository",
      reason: "No configured chart repository has a chart named homegrown.",
    });
  });

  it("says the cluster cannot be reached", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wheelhouse-kube-"));
    const kubeconfig = join(dir, "kubeconfig");
    await writeFile(
      kubeconfig,
      "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {token: t}}]\n",
    );
    const offline = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"), { kubeconfig });
    for (const operation of ["upgrade", "uninstall"] as const) {
      const outcome = await makePlan({
        intent: intent(operation, "web", namespace, { targetVersion: "1.1.0" }),
        inventory,
        helm: offline,
        kube: testKube(kubeconfig),
        now: new Date(),
      });
      expect(outcome).toMatchObject({
        kind: "refusal",
        code: "cluster_unreachable",
        reason: "The Kubernetes API server cannot be reached, so nothing can be planned.",
      });
    }
  });

  it("refuses a release that is not in the inventory, pointing at the same name elsewhere", async () => {
    const outcome = await makePlan({
      intent: intent("rollback", "web", "elsewhere"),
      inventory,
      helm,
      kube: testKube(),
      now: new Date(),
    });
    expect(outcome).toMatchObject({
      kind: "refusal",
      code: "release_not_found",
      reason: "There is no release web in namespace elsewhere.",
      suggestions: [`rollback web -n ${namespace}`],
    });
  });

  it("needs no plan for a read", async () => {
    const outcome = await makePlan({
      intent: intent("status", "web", namespace),
      inventory,
      helm,
      kube: testKube(),
      now: new Date(),
    });
    expect(outcome).toMatchObject({ kind: "refusal", code: "not_a_change" });
  });

  it("changed nothing while planning", async () => {
    expect((await helm.history({ name: "web", namespace })).map((h) => h.revision)).toEqual([1]);
  });
});
