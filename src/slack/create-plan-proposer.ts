// The proposePlan of alert and watcher threads: a diagnosis's recommendation made into a real
// plan (the same planner, dry-run done) and stored for the thread it will be shown in, awaiting
// approval like any other. Only what the thread's channel may plan; a refusal is audited and the
// thread shows the recommendation without buttons.

import type { ProposePlan } from "../alerts/thread-poster.ts";
import { intentForRecommendation } from "../diagnose/intent-for-recommendation.ts";
import type { MakePlanRequest } from "../gather/make-plan.ts";
import { planRequestForDiagnosis } from "../gather/plan-request-for-diagnosis.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { Metrics } from "../observe/metrics.ts";
import type { Execution } from "../plan/plan-inputs.ts";
import type { PlanOutcome } from "../plan/plan-types.ts";
import { refuse } from "../plan/refuse.ts";
import { decideRequest } from "../policy/decide-request.ts";
import type { Policy } from "../policy/policy-schema.ts";
import { planTitle } from "../render/render-plan.ts";
import type { AuditLog } from "../store/audit-log.ts";
import type { PlanStore } from "../store/plan-store.ts";
import { outcomeOf } from "./plan-in-thread.ts";
import type { SlackHelm } from "./slack-deps.ts";

export interface PlanProposerDeps {
  helm: SlackHelm;
  kube: KubeReader;
  store: PlanStore;
  audit: AuditLog;
  metrics: Metrics;
  policy: Policy;
  makePlan: (request: MakePlanRequest) => Promise<PlanOutcome>;
  now: () => Date;
  execution?: Execution;
}

// requester: who the plan is shown as asked by ("alertmanager", or "wheelhouse" for the watcher).
export function createPlanProposer(d: PlanProposerDeps, requester: string): ProposePlan {
  return async (release, diagnosis, thread) => {
    const intent = intentForRecommendation(diagnosis);
    if (intent === null || (intent.operation !== "rollback" && intent.operation !== "uninstall"))
      return null;
    const base = { at: d.now().toISOString(), actor: requester, channel: thread.channel, release };
    const refused = (detail: string) =>
      d.audit.append({ ...base, type: "refusal", planId: null, detail }).then(() => null);
    const decision = decideRequest(d.policy, {
      channel: thread.channel,
      operation: intent.operation,
      namespace: release.namespace,
    });
    if (!decision.allowed)
      return refused(`recommended ${intent.operation} not planned: ${decision.reason}`);
    const outcome = await outcomeOf(intent, async () => {
      const request = planRequestForDiagnosis(diagnosis, {
        inventory: await d.helm.list({ namespace: release.namespace }),
        helm: d.helm,
        kube: d.kube,
        now: d.now(),
        ...(d.execution ? { execution: d.execution } : {}),
      });
      return request === null
        ? refuse("not_a_change", intent.operation, release, "The diagnosis recommends no change.")
        : d.makePlan(request);
    });
    if (outcome.kind === "refusal") {
      d.metrics.inc("wheelhouse_plans_total", { result: "refusal" });
      return refused(
        `recommended ${intent.operation} not planned: ${outcome.code}: ${outcome.reason}`,
      );
    }
    const context = { ...thread, messageTs: null, requester, source: "alert" as const };
    const record = await d.store.save(outcome, context, d.policy.planTtlMinutes * 60);
    d.metrics.inc("wheelhouse_plans_total", { result: "plan" });
    await d.audit.append({
      ...base,
      type: "plan",
      planId: record.id,
      detail: `proposed from a diagnosis: ${outcome.command.display} (risk ${outcome.risk.level})`,
    });
    return { id: record.id, description: planTitle(outcome) };
  };
}
