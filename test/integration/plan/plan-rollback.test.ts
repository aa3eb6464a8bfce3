// Rollback plans on the real cluster, after the failures they exist for: an upgrade to a crashing
// image, a pre-upgrade hook that fails, and a helm process killed mid-upgrade (a stuck release).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import type { Intent } from "../../../src/model/intent.ts";
import type { PlanOutcome, RollbackPlan, UpgradePlan } from "../../../src/plan/plan-types.ts";
import {
  makeFailedHook,
  makeFailedUpgrade,
  makeStuckPendingUpgrade,
} from "../../support/broken-states.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { CHART_SECRET, intent, testKube } from "./plan-test-support.ts";

describe("rollback and recovery plans", () => {
  let helm: HelmClient;
  let namespace: string;

  async function plan(request: Intent): Promise<PlanOutcome> {
    const outcome = await makePlan({
      intent: request,
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
    });
    expect(JSON.stringify(outcome)).not.toContain(CHART_SECRET);
    return outcome;
  }

  function as<T extends RollbackPlan | UpgradePlan>(
    outcome: PlanOutcome,
    operation: T["operation"],
  ): T {
    if (outcome.kind !== "plan" || outcome.operation !== operation)
      throw new Error(`expected a ${operation} plan: ${JSON.stringify(outcome)}`);
    return outcome as T;
  }

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("plan-rb");
    await Promise.all([
      makeFailedUpgrade(helm, { name: "crashed", namespace }),
      makeFailedHook(helm, { name: "hooked", namespace }),
      makeStuckPendingUpgrade(
        helm,
        env.helm4Bin,
        { name: "stuck", namespace },
        inject("chartRepoUrl"),
      ),
    ]);
  });
  afterAll(() => deleteNamespace(namespace));

  it("rolls a failed upgrade back to the last good revision, with the history and what changes", async () => {
    const rollback = as<RollbackPlan>(
      await plan(intent("rollback", "crashed", namespace)),
      "rollback",
    );
    // helm 4 leaves the revision before a failed upgrade "deployed", helm 3 "superseded".
    expect(rollback.rollback.history.map((h) => [h.revision, h.status])).toEqual([
      [2, "failed"],
      [1, expect.stringMatching(/^(deployed|superseded)$/)],
    ]);
    expect(rollback.rollback.target).toMatchObject({ revision: 1, chart: "webapp-1.0.0" });
    expect(rollback.rollback.from.chartVersion).toBe("1.2.0");
    expect(rollback.rollback.to.chartVersion).toBe("1.0.0");
    expect(rollback.rollback.manifestDiff.imageChanges[0]).toMatchObject({
      before: "registry.example.com/webapp-crash:1.2.0",
      after: "registry.example.com/webapp:1.0.0",
    });
    expect(rollback.rollback.manifestDiff.removed.map((r) => r.kind)).toEqual(["ConfigMap"]);
    expect(rollback.command.display).toBe(
      `helm rollback crashed 1 --namespace ${namespace} --timeout 300s`,
    );
    expect(rollback.dryRun.mode).toBe("server");
    expect(rollback.recovery).toBeNull();
  });

  it("refuses a revision the release never had and offers the good one", async () => {
    expect(
      await plan(intent("rollback", "crashed", namespace, { targetRevision: 9 })),
    ).toMatchObject({
      kind: "refusal",
      code: "no_rollback_target",
      reason: "crashed has no revision 9 (its history holds revisions 1–2).",
      suggestions: ["rollback crashed to revision 1"],
    });
  });

  it("answers an upgrade of a stuck release with the recovery: helm would refuse, roll back instead", async () => {
    const recovery = as<RollbackPlan>(
      await plan(intent("upgrade", "stuck", namespace, { targetVersion: "1.1.0" })),
      "rollback",
    );
    expect(recovery.recovery).toMatchObject({
      blockedOperation: "upgrade",
      stuckStatus: "pending-upgrade",
      stuckRevision: 2,
    });
    expect(recovery.recovery?.reason).toMatch(
      /another operation \(install\/upgrade\/rollback\) is in progress/,
    );
    expect(recovery.rollback.target.revision).toBe(1);
    expect(recovery.command.argv.slice(0, 3)).toEqual(["rollback", "stuck", "1"]);
    expect(recovery.warnings[0]).toBe(
      "If a helm process is still working on stuck, wait for it instead of approving this.",
    );
  });

  it("plans a retry of the failed-hook upgrade as high risk: the hook that failed runs again", async () => {
    const retry = as<UpgradePlan>(
      await plan(intent("upgrade", "hooked", namespace, { targetVersion: "1.1.0" })),
      "upgrade",
    );
    expect(retry.upgrade.hooks).toEqual([
      {
        name: "hooked-migrate",
        kind: "Job",
        events: ["pre-upgrade"],
        weight: 0,
        deletePolicies: ["before-hook-creation"],
        subchart: null,
      },
    ]);
    expect(retry.risk.level).toBe("high");
    expect(retry.risk.reasons[0]?.text).toBe(
      "hook pre-upgrade Job hooked-migrate (weight 0, replaced on the next run) runs again, and the last attempt failed in its hooks",
    );
    expect(retry.warnings.some((w) => w.startsWith("The release is failed now:"))).toBe(true);
  });

  it("rolls the failed-hook release back to the revision before the hook failed", async () => {
    const rollback = as<RollbackPlan>(
      await plan(intent("rollback", "hooked", namespace)),
      "rollback",
    );
    expect(rollback.rollback.target).toMatchObject({ revision: 1, chart: "hooked-1.0.0" });
  });
});
