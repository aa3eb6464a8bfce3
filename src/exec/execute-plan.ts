// One approved plan, run once: its cluster and HMAC checked, then under the release's lock moved
// approved -> running, checked (consistency, revision unchanged), exactly its argv run through
// helm, the release validated, a rollback proposed when it ends unhealthy, every step audited and
// told to the thread. Every write after helm is fenced by the lock: a worker that lost it
// reports nothing, and the job is handed on to be closed as interrupted.

import type { MutationResult } from "../helm/helm-client.ts";
import { validationSeconds } from "../model/change-limits.ts";
import type { ExecutionReport, ValidationResult } from "../model/execution-report.ts";
import { HelmTimeoutError } from "../model/helm-errors.ts";
import type { PlanRecord } from "../model/plan-record.ts";
import type { Plan } from "../plan/plan-types.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import {
  keepReleaseLock,
  type ReleaseLockLease,
  ReleaseLockLostError,
} from "../store/release-lock.ts";
import { asApprover } from "./as-approver.ts";
import { checkPlanConsistency } from "./check-plan-consistency.ts";
import {
  auditRecord,
  type ExecutionDeps,
  finishExecution,
  notify,
  proposeRollback,
  releaseOf,
} from "./execution-context.ts";
import { recoverInterruptedPlan } from "./recover-interrupted-plan.ts";
import { refuseForeignPlan } from "./refuse-foreign-plan.ts";
import { forgedPlanReport, refuseForgedPlan } from "./refuse-forged-plan.ts";
import type { ExecutionAttempt } from "./release-busy-error.ts";
import { rememberChartSource } from "./remember-chart-source.ts";
import { reportError, summariseHelmOutput } from "./summarise-helm-output.ts";
import { closeBusyPlan, takeReleaseLock } from "./take-release-lock.ts";
import { validateRelease } from "./validate-release.ts";

export class PlanNotFoundError extends Error {
  readonly code = "plan_not_found";
  constructor(planId: string) {
    super(`Plan ${planId} does not exist (never saved, or expired from the store).`);
    this.name = "PlanNotFoundError";
  }
}

type Draft = Pick<ExecutionReport, "startedAt" | "argv">;

function notRun(
  draft: Draft,
  fields: Partial<ExecutionReport> & Pick<ExecutionReport, "outcome">,
): ExecutionReport {
  return {
    ...draft,
    finishedAt: new Date().toISOString(),
    output: "",
    error: null,
    validation: null,
    rollbackPlanId: null,
    note: null,
    ...fields,
  };
}

// null when the release is still where the plan saw it; otherwise the report saying why not.
async function checkRevision(
  deps: ExecutionDeps,
  plan: Plan,
  draft: Draft,
): Promise<ExecutionReport | null> {
  const release = releaseOf({ plan });
  try {
    const current = await deps.helm.status(release);
    if (current.version === plan.release.revision) return null;
    return notRun(draft, {
      outcome: "stale",
      note: `${release.name} is at revision ${current.version} (${current.info.status}), not at revision ${plan.release.revision} the plan was made for: it changed since. Nothing ran; ask again for a fresh plan.`,
    });
  } catch (error) {
    if (codedErrorInfo(error).code === "helm_release_not_found") {
      return notRun(draft, {
        outcome: "stale",
        note: `${release.name} no longer exists in ${release.namespace}. Nothing ran.`,
      });
    }
    return notRun(draft, {
      outcome: "failed",
      error: reportError(error),
      note: "The release could not be read, so nothing ran.",
    });
  }
}

async function validate(deps: ExecutionDeps, record: PlanRecord) {
  try {
    const validation = await validateRelease(deps, releaseOf(record), {
      timeoutMs:
        deps.validationTimeoutMs ?? validationSeconds(record.plan.command.operation) * 1000,
      expectGone: record.plan.operation === "uninstall",
      ...deps.validation,
    });
    return { validation, error: null };
  } catch (error) {
    return { validation: null, error };
  }
}

// What the release was left as, read after helm ended; "" when it could not be read.
function leftAs(plan: Plan, validation: ValidationResult | null): string {
  if (validation === null) return "";
  return ` ${plan.release.name} is ${validation.releaseStatus} at revision ${validation.revision}.`;
}

function failureNote(
  plan: Plan,
  helmError: unknown,
  validation: ValidationResult | null,
): string | null {
  if (helmError instanceof HelmTimeoutError) {
    const after = helmError.timeoutMs === undefined ? "" : ` (${helmError.timeoutMs / 1000}s)`;
    return `helm did not finish the ${plan.operation} within its deadline${after} and was stopped.${leftAs(plan, validation)}`;
  }
  if (helmError !== null) return `helm reported the ${plan.operation} as failed.`;
  if (validation === null) {
    const { name, namespace } = plan.release;
    return `The ${plan.operation} ran, but its result could not be checked: ask for 'status ${name} -n ${namespace}' once the cluster answers to see how it went.`;
  }
  if (!validation.healthy)
    return `The ${plan.operation} ran, but ${plan.release.name} is not healthy.`;
  return null;
}

async function runCommand(
  deps: ExecutionDeps,
  record: PlanRecord,
  draft: Draft,
  lease: ReleaseLockLease,
): Promise<ExecutionReport> {
  const { plan } = record;
  // Checked again on the record read back with the move to running: it is the one that runs.
  if (!deps.store.hasValidSignature(record)) {
    return notRun(draft, forgedPlanReport(draft.startedAt));
  }
  const problem = checkPlanConsistency(deps.helm, plan);
  if (problem !== null) {
    return notRun(draft, {
      outcome: "failed",
      error: {
        code: "plan_inconsistent",
        message: `Refused to run: ${problem}.`,
        stderrHead: "",
      },
      note: "Nothing ran.",
    });
  }
  const stale = await checkRevision(deps, plan, draft);
  if (stale !== null) return stale;
  // Lost before helm started, or not confirmed by Redis right now: run nothing; whoever holds
  // the release now decides.
  if (!(await lease.confirm())) {
    throw new ReleaseLockLostError(releaseOf(record), lease.signal.reason);
  }
  let result: MutationResult | null = null;
  let helmError: unknown = null;
  try {
    result = await deps.helm.mutate(asApprover(plan.command.operation, record.decision?.runAs));
    await rememberChartSource(deps.chartSources, record, deps.log);
  } catch (error) {
    helmError = error;
  }
  // Lost while helm ran (helm is never killed for it: that would leave the release pending):
  // someone else may be changing the release now, so nothing this worker saw can be reported.
  // Asked of Redis now: a lock whose renewals a Redis outage held up is taken back if nobody
  // acquired it meanwhile, and the run reports as if Redis had never gone.
  if (!(await lease.confirm())) {
    throw new ReleaseLockLostError(releaseOf(record), lease.signal.reason);
  }
  const checked = await validate(deps, record);
  const validationError = checked.error === null ? null : reportError(checked.error);
  const succeeded = helmError === null && checked.validation?.healthy === true;
  const unhealthy = helmError !== null || checked.validation?.healthy === false;
  const rollbackPlanId =
    !succeeded && unhealthy ? await proposeRollback(deps, record, "rollback") : null;
  return {
    ...draft,
    outcome: succeeded ? "succeeded" : "failed",
    finishedAt: new Date().toISOString(),
    output: result === null ? "" : summariseHelmOutput(result),
    error: helmError !== null ? reportError(helmError) : validationError,
    validation: checked.validation,
    rollbackPlanId,
    note: succeeded ? null : failureNote(plan, helmError, checked.validation),
  };
}

async function runApproved(
  deps: ExecutionDeps,
  planId: string,
  lease: ReleaseLockLease,
): Promise<PlanRecord | null> {
  const moved = await deps.store.transition(planId, ["approved"], "running", {}, lease);
  // Another worker (or a duplicate job) got there first, the plan was withdrawn, or the lock
  // was already lost.
  if (!moved.ok) return moved.record;
  const record = moved.record;
  await auditRecord(deps, record, "execution_started", `running: ${record.plan.command.display}`);
  await notify(deps, "started", record);
  const draft = {
    startedAt: record.startedAt ?? new Date().toISOString(),
    argv: record.plan.command.argv,
  };
  let report: ExecutionReport;
  try {
    report = await runCommand(deps, record, draft, lease);
  } catch (error) {
    if (error instanceof ReleaseLockLostError) throw error;
    // A bug or Redis failing mid-run: still close the plan, so it does not look running forever.
    report = notRun(draft, {
      outcome: "failed",
      error: reportError(error),
      note: "Wheelhouse failed while running the plan; check the release.",
    });
  }
  // Taken back first if a Redis outage during validation let it expire: the report is fenced.
  await lease.confirm();
  return finishExecution(deps, record, "running", report, lease);
}

// A closed plan whose job came back: the worker that closed it may have died before the thread
// heard (the close and the message are two writes); a failure here must not fail the job.
async function tellIfUntold(deps: ExecutionDeps, record: PlanRecord): Promise<void> {
  try {
    await deps.notifier.finishedIfUntold?.(record);
  } catch (error) {
    deps.log({
      msg: "notifier.finishedIfUntold failed",
      planId: record.id,
      error: codedErrorInfo(error),
    });
  }
}

// The job processor's body. Returns the record as it ended (null: nothing to do). Throws a
// ReleaseBusyError when the release is busy and the plan may still wait (the job is delayed),
// and a ReleaseLockLostError when the lock was lost mid-run (the job is handed on).
export async function executePlan(
  deps: ExecutionDeps,
  planId: string,
  attempt: ExecutionAttempt = {},
): Promise<PlanRecord | null> {
  const record = await deps.store.get(planId);
  if (record === null) throw new PlanNotFoundError(planId);
  if (record.state === "running") return recoverInterruptedPlan(deps, record, attempt);
  if (record.state !== "approved") {
    deps.log({ msg: "plan not approved; nothing to run", planId, state: record.state });
    if (record.execution !== null) await tellIfUntold(deps, record);
    return record;
  }
  if (record.plan.cluster !== deps.store.cluster) return refuseForeignPlan(deps, record);
  if (!deps.store.hasValidSignature(record)) return refuseForgedPlan(deps, record);
  const release = releaseOf(record);
  const owner = `plan ${planId} (${record.plan.operation})`;
  const taken = await takeReleaseLock(deps, record, owner, attempt);
  if ("refused" in taken) return closeBusyPlan(deps, record, taken.refused);
  return keepReleaseLock(taken.lock, release, deps.lockTtlMs, (lease) =>
    runApproved(deps, planId, lease),
  );
}
