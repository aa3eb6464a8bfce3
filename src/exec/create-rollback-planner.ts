// The worker's planRollback: after a failed or interrupted run, a rollback plan to the last good
// revision (or a recovery plan for a stuck release), made by the same planner as any other plan,
// stored awaiting its own approval in the same thread.
import { makePlan } from "../gather/make-plan.ts";
import type { PlanHelm } from "../gather/plan-helm.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import { emptyIntent } from "../model/intent.ts";
import type { PlanRecord } from "../model/plan-record.ts";
import type { Inventory } from "../model/release.ts";
import type { Execution } from "../plan/plan-inputs.ts";
import type { AuditLog } from "../store/audit-log.ts";
import type { PlanStore } from "../store/plan-store.ts";

export interface RollbackPlannerDeps {
  helm: PlanHelm & { list(filter: { namespace?: string }): Promise<Inventory> };
  kube: KubeReader;
  store: PlanStore;
  audit: AuditLog;
  // Approval window of the proposed plan (policy planTtlMinutes * 60).
  ttlSeconds: number;
}

// The rollback waits the way the failed command did (--wait, --timeout).
function executionOf(record: PlanRecord): Execution {
  const op = record.plan.command.operation;
  return { wait: op.wait ?? false, timeoutSeconds: op.timeoutSeconds ?? 300 };
}

export function createRollbackPlanner(
  deps: RollbackPlannerDeps,
): (record: PlanRecord) => Promise<string | null> {
  return async (record) => {
    const release = { name: record.plan.release.name, namespace: record.plan.release.namespace };
    const outcome = await makePlan({
      intent: { ...emptyIntent("rollback"), release },
      inventory: await deps.helm.list({ namespace: release.namespace }),
      helm: deps.helm,
      kube: deps.kube,
      now: new Date(),
      options: { execution: executionOf(record) },
    });
    const base = {
      at: new Date().toISOString(),
      actor: "wheelhouse",
      channel: record.context.channel,
      release,
    };
    if (outcome.kind === "refusal") {
      await deps.audit.append({
        ...base,
        type: "refusal",
        planId: null,
        detail: `no rollback proposed after plan ${record.id}: ${outcome.reason}`,
      });
      return null;
    }
    const saved = await deps.store.save(
      outcome,
      {
        channel: record.context.channel,
        threadTs: record.context.threadTs,
        messageTs: null,
        requester: "wheelhouse",
        source: outcome.recovery === null ? "validation" : "recovery",
      },
      deps.ttlSeconds,
    );
    await deps.audit.append({
      ...base,
      type: "plan",
      planId: saved.id,
      detail: `proposed after plan ${record.id}: ${outcome.command.display}`,
    });
    return saved.id;
  };
}
