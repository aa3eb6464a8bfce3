// A plan found "running" with no worker reporting on it: its worker died mid-run (the job came
// back as stalled), lost its release lock (the job was handed on), or the reconciler found its
// job over. Nothing is run again: once the release lock is free (the old holder's expired),
// the release is read, the plan is closed as interrupted with what was found, and a release
// left pending or failed gets a recovery plan; one the command had already changed (its next
// revision, deployed) is validated, so the thread learns the change is in and how it is. The
// close is one fenced move, so the report appears once however many paths get here.

import { validationSeconds } from "../model/change-limits.ts";
import type { ValidationResult } from "../model/execution-report.ts";
import type { PlanRecord } from "../model/plan-record.ts";
import type { HelmStatus } from "../model/release.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { keepReleaseLock, type ReleaseLockLease } from "../store/release-lock.ts";
import {
  type ExecutionDeps,
  finishExecution,
  proposeRollback,
  releaseOf,
} from "./execution-context.ts";
import type { ExecutionAttempt } from "./release-busy-error.ts";
import { takeReleaseLock } from "./take-release-lock.ts";
import { validateRelease } from "./validate-release.ts";

function needsRecovery(status: HelmStatus | null): boolean {
  return status === "failed" || (status?.startsWith("pending-") ?? false);
}

async function inspect(deps: ExecutionDeps, record: PlanRecord) {
  const release = releaseOf(record);
  try {
    const [status, history] = await Promise.all([
      deps.helm.status(release),
      deps.helm.history(release, 3),
    ]);
    const latest = history.at(-1);
    const found =
      `${release.name} is now ${status.info.status} at revision ${status.version} (the plan was made against revision ${record.plan.release.revision})` +
      (latest?.description ? `; helm's last entry: "${latest.description}"` : "");
    return { status: status.info.status, revision: status.version, found };
  } catch (error) {
    const info = codedErrorInfo(error);
    const found =
      info.code === "helm_release_not_found"
        ? `${release.name} no longer exists in ${release.namespace}`
        : `the release could not be inspected (${info.message})`;
    return { status: null, revision: null, found };
  }
}

type Inspection = Awaited<ReturnType<typeof inspect>>;

// How far the command got, from the revision it left (helm writes one per run, first as
// pending, deployed once done): not started, finished, or stuck (null: cannot tell).
function progressOf(record: PlanRecord, seen: Inspection): "not-started" | "finished" | null {
  const planned = record.plan.release.revision;
  if (seen.status !== "deployed" || seen.revision === null) return null;
  if (seen.revision === planned) return "not-started";
  return seen.revision === planned + 1 ? "finished" : null;
}

async function validateFinished(
  deps: ExecutionDeps,
  record: PlanRecord,
): Promise<ValidationResult | null> {
  try {
    return await validateRelease(deps, releaseOf(record), {
      timeoutMs:
        deps.validationTimeoutMs ?? validationSeconds(record.plan.command.operation) * 1000,
      ...deps.validation,
    });
  } catch (error) {
    deps.log({ msg: "validation after interruption failed", error: codedErrorInfo(error) });
    return null;
  }
}

interface Verdict {
  validation: ValidationResult | null;
  rollbackPlanId: string | null;
  // What the thread is told beyond what was found.
  says: string;
}

async function judge(deps: ExecutionDeps, record: PlanRecord, seen: Inspection): Promise<Verdict> {
  const verb = record.plan.command.argv[0] ?? record.plan.operation;
  const progress = progressOf(record, seen);
  if (progress === "not-started") {
    return {
      validation: null,
      rollbackPlanId: null,
      says: `helm had not started the ${verb}: nothing changed. Ask again for a fresh plan if it is still wanted.`,
    };
  }
  if (progress === "finished") {
    const validation = await validateFinished(deps, record);
    const rollbackPlanId =
      validation?.healthy === false ? await proposeRollback(deps, record, "recovery") : null;
    const state =
      validation === null
        ? "its result could not be checked"
        : validation.healthy
          ? "the release is healthy"
          : `the release is not healthy${rollbackPlanId ? ": a rollback plan is proposed" : ""}`;
    return {
      validation,
      rollbackPlanId,
      says: `helm had finished the ${verb} (revision ${seen.revision}); ${state}.`,
    };
  }
  const rollbackPlanId = needsRecovery(seen.status)
    ? await proposeRollback(deps, record, "recovery")
    : null;
  const says = rollbackPlanId
    ? "A recovery plan is proposed."
    : "Check the release before asking for the change again.";
  return { validation: null, rollbackPlanId, says };
}

async function closeInterrupted(
  deps: ExecutionDeps,
  planId: string,
  lease: ReleaseLockLease,
): Promise<PlanRecord | null> {
  const record = await deps.store.get(planId);
  // The worker we thought gone finished after all.
  if (record === null || record.state !== "running") return record;
  const seen = await inspect(deps, record);
  const verdict = await judge(deps, record, seen);
  const now = new Date().toISOString();
  const report = {
    outcome: "interrupted" as const,
    startedAt: record.startedAt ?? now,
    finishedAt: now,
    argv: record.plan.command.argv,
    output: "",
    error: null,
    validation: verdict.validation,
    rollbackPlanId: verdict.rollbackPlanId,
    note: `The worker running this plan stopped, or lost its lock on the release, before it reported; the command was not run again. ${seen.found}. ${verdict.says}`,
  };
  return finishExecution(deps, record, "running", report, lease);
}

export async function recoverInterruptedPlan(
  deps: ExecutionDeps,
  record: PlanRecord,
  attempt: ExecutionAttempt = {},
): Promise<PlanRecord | null> {
  const owner = `recovery of plan ${record.id}`;
  const taken = await takeReleaseLock(deps, record, owner, attempt);
  if ("refused" in taken) {
    // Held all along: its holder is alive and renewing it, and will close the plan itself (or
    // the reconciler will, once that job is over).
    deps.log({ msg: "running plan still holds its release lock; leaving it", planId: record.id });
    return deps.store.get(record.id);
  }
  return keepReleaseLock(taken.lock, releaseOf(record), deps.lockTtlMs, (lease) =>
    closeInterrupted(deps, record.id, lease),
  );
}
