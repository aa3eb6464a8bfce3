// What a worker does with a plan made for another cluster (one Redis shared by several
// Wheelhouse deployments, and a plan that reached the wrong one): it runs nothing of it,
// against this cluster least of all, and closes it as failed with a report that says why.
import type { PlanRecord } from "../model/plan-record.ts";
import { type ExecutionDeps, finishExecution } from "./execution-context.ts";

export async function refuseForeignPlan(
  deps: ExecutionDeps,
  record: PlanRecord,
): Promise<PlanRecord> {
  const made = record.plan.cluster ?? "no recorded cluster";
  const here = deps.store.cluster;
  deps.log({ msg: "plan of another cluster; refused", planId: record.id, cluster: made });
  const now = new Date().toISOString();
  return finishExecution(deps, record, "approved", {
    outcome: "failed",
    startedAt: now,
    finishedAt: now,
    // Nothing ran: the command is for a release of another cluster.
    argv: [],
    output: "",
    error: {
      code: "plan_wrong_cluster",
      message: `Refused to run: this plan was made for cluster ${made}, and this worker runs the plans of cluster ${here}.`,
      stderrHead: "",
    },
    validation: null,
    rollbackPlanId: null,
    note: `Nothing ran on ${here}. Ask again where Wheelhouse serves ${made}, and tell the platform team: two deployments share the same keys.`,
  });
}
