import { describe, expect, it } from "vitest";
import { planRecovery } from "../../../src/plan/plan-recovery.ts";
import {
  planRollback,
  type RollbackInputs,
  rollbackOperation,
} from "../../../src/plan/plan-rollback.ts";
import {
  deployment,
  EXECUTION,
  history,
  manifest,
  NOW,
  passed,
  status,
  summary,
} from "./plan-fixtures.ts";

const release = { name: "web", namespace: "shop" };

function inputs(overrides: Partial<RollbackInputs> = {}, target = 2): RollbackInputs {
  return {
    summary: summary({
      revision: 3,
      status: "failed",
      chart: "webapp-1.2.0",
      app_version: "1.2.0",
    }),
    status: status({
      version: 3,
      status: "failed",
      description: 'Upgrade "web" failed: timed out',
      config: { replicaCount: 1, image: { tag: "bad" } },
      manifest: manifest(deployment("web", "r/webapp-crash:1.2.0")),
    }),
    history: history(
      [1, "superseded", "webapp-1.0.0"],
      [2, "superseded", "webapp-1.1.0"],
      [3, "failed", "webapp-1.2.0"],
    ),
    requested: null,
    targetStatus: status({
      version: target,
      config: { replicaCount: 1 },
      manifest: manifest(deployment("web", "r/webapp:1.1.0")),
    }),
    dryRun: passed(rollbackOperation(release, target, EXECUTION)),
    helmMajor: 4,
    execution: EXECUTION,
    now: NOW,
    ...overrides,
  };
}

describe("planRollback", () => {
  it("goes back to the last good revision with the history, what changes and the exact command", () => {
    const plan = planRollback(inputs());
    if (plan.kind !== "plan") throw new Error(plan.reason);
    expect(plan.command.display).toBe("helm rollback web 2 --namespace shop --wait --timeout 300s");
    expect(plan.rollback.target).toMatchObject({ revision: 2, chart: "webapp-1.1.0" });
    expect(plan.rollback.history.map((h) => h.revision)).toEqual([3, 2, 1]);
    expect(plan.rollback.from).toEqual({ chartVersion: "1.2.0", appVersion: "1.2.0" });
    expect(plan.rollback.to).toEqual({ chartVersion: "1.1.0", appVersion: "1.1.0" });
    expect(plan.rollback.valuesDiff).toEqual([
      { path: "image.tag", change: "removed", before: "bad" },
    ]);
    expect(plan.rollback.manifestDiff.imageChanges[0]).toMatchObject({
      before: "r/webapp-crash:1.2.0",
      after: "r/webapp:1.1.0",
    });
    expect(plan.dryRun.mode).toBe("server");
    expect(plan.recovery).toBeNull();
  });

  it("says a helm 3 rollback dry-run is only simulated", () => {
    const plan = planRollback(inputs({ helmMajor: 3 }));
    expect(plan.kind === "plan" && plan.dryRun.mode).toBe("client");
    expect(plan.kind === "plan" && plan.warnings).toContain(
      "helm 3 only simulates a rollback in its dry-run: nothing was checked by the API server.",
    );
  });

  it("refuses when there is nothing good to go back to", () => {
    const refusal = planRollback(inputs({ history: history([1, "failed"]) }));
    expect(refusal).toMatchObject({ kind: "refusal", code: "no_rollback_target" });
  });
});

describe("planRecovery", () => {
  const stuck = {
    summary: summary({ revision: 2, status: "pending-upgrade" }),
    status: status({
      version: 2,
      status: "pending-upgrade",
      description: "Preparing upgrade",
      last_deployed: "2026-05-01T11:48:00Z",
    }),
    history: history([1, "deployed"], [2, "pending-upgrade", "webapp-1.2.0"]),
    targetStatus: status({ version: 1 }),
  };

  it("explains that helm refuses and proposes the rollback to the last good revision instead", () => {
    const dryRun = passed(rollbackOperation(release, 1, EXECUTION));
    const plan = planRecovery({ ...inputs({ ...stuck, dryRun }, 1), blocked: "upgrade" });
    if (plan.kind !== "plan") throw new Error(plan.reason);
    expect(plan.operation).toBe("rollback");
    expect(plan.rollback.target.revision).toBe(1);
    expect(plan.recovery).toEqual({
      blockedOperation: "upgrade",
      stuckStatus: "pending-upgrade",
      stuckRevision: 2,
      reason:
        'web has been pending-upgrade at revision 2 since 2026-05-01T11:48:00Z (12 minutes ago): helm refuses with "another operation (install/upgrade/rollback) is in progress", so the upgrade you asked for cannot run; rolling back to the last good revision clears it.',
    });
    expect(plan.warnings.slice(0, 2)).toEqual([
      "If a helm process is still working on web, wait for it instead of approving this.",
      "After the recovery, ask for the upgrade again.",
    ]);
    expect(plan.risk.reasons.map((r) => r.text)).toContain(
      "recovers a stuck release: make sure no helm process is still working on it",
    );
  });

  it("refuses with the way out when a release never finished installing", () => {
    const refusal = planRecovery({
      ...inputs({
        summary: summary({ revision: 1, status: "pending-install" }),
        status: status({ version: 1, status: "pending-install" }),
        history: history([1, "pending-install"]),
      }),
      blocked: "set-values",
    });
    expect(refusal).toMatchObject({
      kind: "refusal",
      code: "release_stuck",
      reason:
        "web is stuck in pending-install at revision 1 and has no earlier good revision to roll back to.",
      suggestions: ["uninstall web, then install it again"],
    });
  });
});
