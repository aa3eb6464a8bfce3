// One pass of the reconciler over the plans that are not final, for what no click or job will
// fix on its own: an approved plan with no job (its enqueue failed) is enqueued; a plan past its
// approval window is expired and its message loses its buttons; a plan still "running" after
// its job is over (its worker lost the lock or died past the job's last attempt) is closed as
// interrupted, after the release was read. Every move is the store's atomic one, so a pass that
// races a worker or a click changes nothing twice.

import type { PlanRecord } from "../model/plan-record.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { auditRecord, type ExecutionDeps } from "./execution-context.ts";
import type { ExecutionQueue } from "./execution-queue.ts";
import { recoverInterruptedPlan } from "./recover-interrupted-plan.ts";
import { ReleaseBusyError } from "./release-busy-error.ts";

export interface ReconcileDeps {
  execution: ExecutionDeps;
  queue: Pick<ExecutionQueue, "jobState" | "requeue">;
  // An approved plan is left alone this long after its approval, while the click that approved
  // it is still enqueueing. Default 10000.
  enqueueGraceMs?: number;
  now?: () => Date;
}

export interface ReconcileResult {
  enqueued: string[];
  expired: string[];
  interrupted: string[];
}

const JOB_OVER = new Set(["missing", "completed", "failed"]);
// Records read at a time: a backlog of thousands of approved plans (each a few KB parsed) would
// otherwise all be held at once, and the heap that took stays in the worker's RSS.
const OPEN_PLAN_PAGE = 200;

async function expire(deps: ReconcileDeps, record: PlanRecord): Promise<boolean> {
  const d = deps.execution;
  const moved = await d.store.transition(record.id, ["awaiting_approval"], "expired");
  if (!moved.ok) return false;
  await auditRecord(d, moved.record, "expiry", `expired unapproved at ${record.expiresAt}`);
  try {
    await d.notifier.expired(moved.record);
  } catch (error) {
    d.log({ msg: "notifier.expired failed", planId: record.id, error: codedErrorInfo(error) });
  }
  return true;
}

async function enqueue(deps: ReconcileDeps, record: PlanRecord, now: number): Promise<boolean> {
  const decidedAt = Date.parse(record.decision?.at ?? record.createdAt);
  if (now - decidedAt < (deps.enqueueGraceMs ?? 10_000)) return false;
  if (!JOB_OVER.has(await deps.queue.jobState(record.id))) return false;
  const { enqueued } = await deps.queue.requeue(record.id);
  if (enqueued)
    deps.execution.log({ msg: "approved plan had no job; enqueued", planId: record.id });
  return enqueued;
}

async function closeStuck(deps: ReconcileDeps, record: PlanRecord): Promise<boolean> {
  if (!JOB_OVER.has(await deps.queue.jobState(record.id))) return false;
  try {
    const closed = await recoverInterruptedPlan(deps.execution, record);
    return closed?.state === "interrupted";
  } catch (error) {
    // Its lock is still held: the next pass looks again.
    if (error instanceof ReleaseBusyError) return false;
    throw error;
  }
}

export async function reconcilePlans(deps: ReconcileDeps): Promise<ReconcileResult> {
  const result: ReconcileResult = { enqueued: [], expired: [], interrupted: [] };
  const ids = await deps.execution.store.openPlanIds();
  for (let at = 0; at < ids.length; at += OPEN_PLAN_PAGE) {
    const page = ids.slice(at, at + OPEN_PLAN_PAGE);
    const { records, unreadable } = await deps.execution.store.openPlans(page);
    if (unreadable.length > 0) deps.execution.log({ msg: "unreadable open plans", unreadable });
    for (const record of records) await reconcileOne(deps, record, result);
  }
  return result;
}

async function reconcileOne(
  deps: ReconcileDeps,
  record: PlanRecord,
  result: ReconcileResult,
): Promise<void> {
  const now = (deps.now?.() ?? new Date()).getTime();
  try {
    if (record.state === "awaiting_approval" && now > Date.parse(record.expiresAt)) {
      if (await expire(deps, record)) result.expired.push(record.id);
    } else if (record.state === "approved") {
      if (await enqueue(deps, record, now)) result.enqueued.push(record.id);
    } else if (record.state === "running") {
      if (await closeStuck(deps, record)) result.interrupted.push(record.id);
    }
  } catch (error) {
    // One plan's trouble must not stop the pass for the others.
    deps.execution.log({
      msg: "reconciling a plan failed",
      planId: record.id,
      error: codedErrorInfo(error),
    });
  }
}
