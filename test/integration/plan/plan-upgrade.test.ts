// Upgrade plans on the real cluster: versions from the repository, the values decision, the
// server-side dry-run, the object diff with image changes, and refusals that say what would work.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import type { PlanOutcome, UpgradePlan } from "../../../src/plan/plan-types.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { CHART_SECRET, intent, testKube } from "./plan-test-support.ts";

describe("upgrade plans", () => {
  let helm: HelmClient;
  let namespace: string;
  const outcomes: PlanOutcome[] = [];

  async function plan(name: string, targetVersion: string | null, text = ""): Promise<PlanOutcome> {
    const outcome = await makePlan({
      intent: intent("upgrade", name, namespace, { targetVersion }),
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
      options: { text },
    });
    outcomes.push(outcome);
    return outcome;
  }

  function asUpgrade(outcome: PlanOutcome): UpgradePlan {
    if (outcome.kind !== "plan" || outcome.operation !== "upgrade")
      throw new Error(`expected an upgrade plan: ${JSON.stringify(outcome)}`);
    return outcome;
  }

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("plan-up");
    const common = {
      kind: "install",
      chart: "fixtures/webapp",
      wait: true,
      timeoutSeconds: 90,
    } as const;
    await Promise.all([
      helm.mutate({
        ...common,
        release: { name: "tuned", namespace },
        version: "1.1.0",
        set: { replicaCount: 1 },
      }),
      helm.mutate({ ...common, release: { name: "plain", namespace }, version: "1.1.0" }),
    ]);
  });
  afterAll(() => deleteNamespace(namespace));

  it("plans the crashing-image chart: the dry-run passes and the new image is called out", async () => {
    const up = asUpgrade(await plan("tuned", "1.2.0"));
    expect(up.dryRun.mode).toBe("server");
    // Objects left exactly as they run are not sent again; together they are all 4.
    expect((up.dryRun.apiServerAccepted ?? 0) + (up.dryRun.apiServerUnchanged ?? 0)).toBe(4);
    expect(up.upgrade.manifestDiff.imageChanges).toEqual([
      {
        kind: "Deployment",
        namespace,
        name: "tuned",
        container: "web",
        before: "registry.example.com/webapp:1.1.0",
        after: "registry.example.com/webapp-crash:1.2.0",
      },
    ]);
    expect(up.risk.level).toBe("medium");
    expect(up.risk.reasons[0]?.text).toMatch(/^new image for Deployment tuned\/web/);
    expect(up.command.argv).toEqual([
      "upgrade",
      "tuned",
      "--namespace",
      namespace,
      "fixtures/webapp",
      "--version",
      "1.2.0",
      "--reset-then-reuse-values",
      "--timeout",
      "300s",
      "--output",
      "json",
    ]);
    expect(up.upgrade.values.reason).toMatch(/image.repository, image.tag/);
    expect(up.upgrade.values.userValues).toEqual({ replicaCount: 1 });
    expect(up.release).toMatchObject({
      name: "tuned",
      revision: 1,
      status: "deployed",
      chartVersion: "1.1.0",
    });
    expect((await helm.status({ name: "tuned", namespace })).version).toBe(1);
  });

  it("makes the same command and hash twice: the plan is deterministic", async () => {
    const first = asUpgrade(await plan("tuned", "1.2.0"));
    const second = asUpgrade(await plan("tuned", "1.2.0"));
    expect(second.command.argv).toEqual(first.command.argv);
    expect(second.digest).toBe(first.digest);
    expect(second.upgrade).toEqual(first.upgrade);
  });

  it("takes latest as the newest stable version, warns about the major bump and rates it high", async () => {
    const up = asUpgrade(await plan("plain", "latest"));
    expect(up.upgrade.to.chartVersion).toBe("2.0.0");
    expect(up.upgrade.availableVersions.map((v) => v.chartVersion)).toContain("2.1.0-rc.1");
    expect(up.warnings[0]).toBe(
      "2.0.0 is a new major version of webapp (from 1.1.0): read its release notes before approving.",
    );
    expect(up.risk.level).toBe("high");
    expect(up.upgrade.values.renamedKeys).toEqual([{ from: "replicaCount", to: "replicas" }]);
  });

  it("takes the pre-release for latest only when the text asks for pre-releases", async () => {
    const up = asUpgrade(
      await plan("plain", "latest", "upgrade plain to the latest including pre-releases"),
    );
    expect(up.upgrade.to.chartVersion).toBe("2.1.0-rc.1");
    expect(up.warnings).toContain("2.1.0-rc.1 is a pre-release.");
  });

  it("refuses the breaking 2.0.0 in one sentence when the user set the renamed replicaCount, and says what would work", async () => {
    const refusal = await plan("tuned", "2.0.0");
    expect(refusal).toMatchObject({ kind: "refusal", code: "values_rejected_by_schema" });
    if (refusal.kind !== "refusal") return;
    expect(refusal.reason).toBe(
      "The values do not fit the schema of webapp 2.0.0 (values.schema.json): replicaCount.",
    );
    expect(refusal.reason.split(/\.\s/)).toHaveLength(1);
    expect(refusal.detail).toContain("replicaCount");
    expect(refusal.suggestions).toEqual([
      "webapp 2.0.0 renamed replicaCount to replicas: move your value (helm upgrade … --version 2.0.0 --reset-then-reuse-values --set replicas=1 --set replicaCount=null)",
      "upgrade tuned to 1.2.0 (the newest 1.x)",
    ]);
  });

  it("answers an unknown version with the nearest ones", async () => {
    expect(await plan("tuned", "1.5.0")).toMatchObject({
      kind: "refusal",
      code: "version_not_found",
      reason: "webapp has no version 1.5.0 in repository fixtures.",
      suggestions: ["upgrade tuned to 1.2.0", "upgrade tuned to 2.0.0"],
    });
  });

  it("never lets the chart's default password into any plan", () => {
    expect(outcomes.length).toBeGreaterThan(5);
    for (const outcome of outcomes) expect(JSON.stringify(outcome)).not.toContain(CHART_SECRET);
  });
});
