// What the worker does with a plan whose HMAC does not verify (edited in Redis, or signed with
// another key): it runs nothing of it, not even the "running" notice with its command, and
// closes it as failed with a report that tells the thread why.

import type { ExecutionReport } from "../model/execution-report.ts";
import type { PlanRecord } from "../model/plan-record.ts";
import { type ExecutionDeps, finishExecution } from "./execution-context.ts";

export function forgedPlanReport(
  startedAt: string,
): Pick<ExecutionReport, "outcome" | "startedAt" | "argv" | "error" | "note"> {
  return {
    outcome: "failed",
    startedAt,
    // Nothing ran, and the stored argv is not to be trusted enough to repeat.
    argv: [],
    error: {
      code: "plan_signature_invalid",
      message:
        "Refused to run: this plan's signature does not verify, so it is not the plan that was shown and approved (it was changed after it was made, or signed with another WHEELHOUSE_PLAN_KEY).",
      stderrHead: "",
    },
    note: "Nothing ran. Ask again for a fresh plan, and tell the platform team: the stored plan was altered.",
  };
}

export async function refuseForgedPlan(
  deps: ExecutionDeps,
  record: PlanRecord,
): Promise<PlanRecord> {
  deps.log({ msg: "plan signature does not verify; refused", planId: record.id });
  const now = new Date().toISOString();
  return finishExecution(deps, record, "approved", {
    ...forgedPlanReport(now),
    finishedAt: now,
    output: "",
    validation: null,
    rollbackPlanId: null,
  });
}
