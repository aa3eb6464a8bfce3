// What an upgrade plan waits for, on the real cluster with helm 4: the helm processes it runs,
// in the order they start. Only the dry-run (then the API server's check of what it rendered)
// is on the critical path: chart versions and defaults come from the repository indexes while
// they are unchanged, the running release is read beside the dry-run, and a release of a few
// objects is read with one `helm status` instead of three processes.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createChartSources } from "../../../src/cli/create-chart-sources.ts";
import type { ChartSourceDeps } from "../../../src/gather/gather-chart-versions.ts";
import { makePlan } from "../../../src/gather/make-plan.ts";
import { type HelmCall, HelmClient } from "../../../src/helm/helm-client.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { isolatedHelmEnv } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { intent, testKube } from "./plan-test-support.ts";

describe("an upgrade plan's helm processes (helm 4)", () => {
  let helm: HelmClient;
  let sources: ChartSourceDeps;
  let namespace: string;
  // Every helm process the plan ran, with the time it started (from its end and duration).
  let calls: { subcommand: string; started: number }[] = [];

  const planUpgrade = async (name: string, targetVersion: string) => {
    const inventory = await helm.list({ namespace });
    calls = [];
    const outcome = await makePlan({
      intent: intent("upgrade", name, namespace, { targetVersion }),
      inventory,
      helm,
      kube: testKube(),
      now: new Date(),
      sources,
    });
    if (outcome.kind !== "plan" || outcome.operation !== "upgrade")
      throw new Error(JSON.stringify(outcome));
    const ran = [...calls].sort((a, b) => a.started - b.started).map((c) => c.subcommand);
    return { outcome, ran };
  };

  beforeAll(async () => {
    helm = await HelmClient.create({
      bin: env.helm4Bin,
      kubeconfig: env.kubeconfig,
      env: await isolatedHelmEnv(),
      timeoutMs: 120_000,
      onCall: (call: HelmCall) =>
        calls.push({
          subcommand: call.subcommand,
          started: performance.now() - call.seconds * 1000,
        }),
    });
    await helm.repoAdd("fixtures", inject("chartRepoUrl"));
    sources = await createChartSources(
      { WHEELHOUSE_CHART_SOURCES: [], WHEELHOUSE_REPO_REFRESH_SECONDS: 600 },
      helm,
    );
    await sources.indexes?.refresh();
    namespace = await createNamespace("plan-path");
    for (const [name, chart] of [
      ["small", "webapp"],
      ["big", "sprawl"],
    ] as const)
      await helm.mutate({
        kind: "install",
        release: { name, namespace },
        chart: `fixtures/${chart}`,
        version: "1.0.0",
        timeoutSeconds: 120,
      });
  });
  afterAll(() => deleteNamespace(namespace));

  it("searches and reads chart defaults once while the indexes stay the same", async () => {
    const first = await planUpgrade("small", "1.1.0");
    expect(first.ran).toContain("search-repo");
    expect(first.ran).toContain("show-values");
    const second = await planUpgrade("small", "1.1.0");
    expect(second.ran).not.toContain("search-repo");
    expect(second.ran).not.toContain("show-values");
    // What the plan shows does not depend on where its answers came from.
    // (The indexes' age is the only difference: it is read per plan.)
    const ageless = (plan: typeof first.outcome) => ({
      ...plan.upgrade,
      index: plan.upgrade.index ? { ...plan.upgrade.index, ageSeconds: 0 } : null,
    });
    expect(ageless(second.outcome)).toEqual(ageless(first.outcome));
    expect(second.outcome.risk).toEqual(first.outcome.risk);
  });

  it("starts the dry-run before any read of the running release", async () => {
    await planUpgrade("small", "1.1.0");
    const { ran } = await planUpgrade("small", "1.1.0");
    expect(ran[0]).toBe("upgrade-dry-run");
  });

  it("reads a release of a few objects with one status, once it knows its size", async () => {
    const known = await planUpgrade("small", "1.1.0");
    expect(known.ran.sort()).toEqual(["status", "upgrade-dry-run"]);
    expect(known.outcome.release).toMatchObject({ revision: 1, status: "deployed" });
  });

  it("reads a release of 150 objects without helm 4's status, which reads every object", async () => {
    await planUpgrade("big", "1.1.0");
    const { ran, outcome } = await planUpgrade("big", "1.1.0");
    expect(ran).not.toContain("status");
    expect(ran.sort()).toEqual(["get-manifest", "get-values", "history", "upgrade-dry-run"]);
    expect(outcome.release).toMatchObject({ revision: 1, status: "deployed" });
    expect(outcome.dryRun).toMatchObject({ apiServerAccepted: 31, apiServerUnchanged: 119 });
  });
});
