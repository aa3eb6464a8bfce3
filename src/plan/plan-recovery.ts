// A release stuck in pending-install/upgrade/rollback (a helm process died mid-operation): helm
// refuses every upgrade until it is recovered, so the plan proposes the recovery instead, a
// rollback to the last good revision, and says why.
import type { HelmStatus } from "../model/release.ts";
import { lastGoodRevision } from "./choose-rollback-target.ts";
import { planRollback, type RollbackInputs } from "./plan-rollback.ts";
import type { PlanOperation, PlanRefusal, Recovery, RollbackPlan } from "./plan-types.ts";
import { refuse } from "./refuse.ts";

function age(since: string | undefined, now: Date): string {
  const then = since === undefined ? Number.NaN : Date.parse(since);
  if (Number.isNaN(then)) return "";
  const minutes = Math.max(0, Math.round((now.getTime() - then) / 60_000));
  return minutes < 1
    ? " (less than a minute ago)"
    : minutes < 120
      ? ` (${minutes} minutes ago)`
      : ` (${Math.round(minutes / 60)} hours ago)`;
}

export function recoveryFor(input: {
  blocked: PlanOperation;
  status: HelmStatus;
  revision: number;
  releaseName: string;
  since: string | undefined;
  now: Date;
}): Recovery {
  const asked =
    input.blocked === "rollback" ? "" : ` so the ${input.blocked} you asked for cannot run;`;
  return {
    blockedOperation: input.blocked,
    stuckStatus: input.status,
    stuckRevision: input.revision,
    reason:
      `${input.releaseName} has been ${input.status} at revision ${input.revision} since ${input.since ?? "an unknown time"}${age(input.since, input.now)}: ` +
      `helm refuses with "another operation (install/upgrade/rollback) is in progress",${asked} rolling back to the last good revision clears it.`,
  };
}

export function planRecovery(
  input: Omit<RollbackInputs, "recovery"> & { blocked: PlanOperation },
): RollbackPlan | PlanRefusal {
  const { summary, status } = input;
  const release = { name: summary.name, namespace: summary.namespace };
  if (input.requested === null && !lastGoodRevision(input.history)) {
    return refuse(
      "release_stuck",
      input.blocked,
      release,
      `${summary.name} is stuck in ${status.info.status} at revision ${status.version} and has no earlier good revision to roll back to.`,
      [`uninstall ${summary.name}, then install it again`],
    );
  }
  const recovery = recoveryFor({
    blocked: input.blocked,
    status: status.info.status,
    revision: status.version,
    releaseName: summary.name,
    since: status.info.last_deployed,
    now: input.now,
  });
  const plan = planRollback({ ...input, recovery });
  if (plan.kind === "refusal") return plan;
  const retry =
    input.blocked === "rollback" ? [] : [`After the recovery, ask for the ${input.blocked} again.`];
  return {
    ...plan,
    warnings: [
      `If a helm process is still working on ${summary.name}, wait for it instead of approving this.`,
      ...retry,
      ...plan.warnings,
    ],
  };
}
