// A real Plan made by the pure rollback planner from fixture inputs: what the store keeps.

import type { PlanContext } from "../../../src/model/plan-record.ts";
import { planRollback, rollbackOperation } from "../../../src/plan/plan-rollback.ts";
import type { Plan } from "../../../src/plan/plan-types.ts";
import {
  deployment,
  EXECUTION,
  history,
  manifest,
  NOW,
  passed,
  status,
  summary,
} from "../plan/plan-fixtures.ts";

export function samplePlan(release = { name: "web", namespace: "shop" }): Plan {
  const plan = planRollback({
    summary: summary({ ...release, revision: 3, status: "failed", chart: "webapp-1.2.0" }),
    status: status({
      version: 3,
      status: "failed",
      config: { replicaCount: 1 },
      manifest: manifest(deployment(release.name, "r/webapp-crash:1.2.0")),
    }),
    history: history(
      [1, "superseded", "webapp-1.0.0"],
      [2, "superseded", "webapp-1.1.0"],
      [3, "failed", "webapp-1.2.0"],
    ),
    requested: null,
    targetStatus: status({
      version: 2,
      config: { replicaCount: 1 },
      manifest: manifest(deployment(release.name, "r/webapp:1.1.0")),
    }),
    dryRun: passed(rollbackOperation(release, 2, EXECUTION)),
    helmMajor: 4,
    execution: EXECUTION,
    now: NOW,
  });
  if (plan.kind !== "plan") throw new Error(plan.reason);
  return plan;
}

export function sampleContext(overrides: Partial<PlanContext> = {}): PlanContext {
  return {
    channel: "C0SHOP",
    threadTs: "1714560000.000100",
    messageTs: null,
    requester: "U0CAROL",
    source: "mention",
    ...overrides,
  };
}
