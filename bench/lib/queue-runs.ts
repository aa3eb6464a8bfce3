// Approving plans as a person does (a signed Approve click to the app) and waiting for the
// workers to finish them, with when each started and ended as the plan store recorded it.
import { FINAL_STATES, type PlanRecord } from "../../src/model/plan-record.ts";
import { ACTION_APPROVE } from "../../src/render/message.ts";
import type { PlanStore } from "../../src/store/plan-store.ts";
import {
  blockActionsForm,
  type SlackTarget,
  sendSigned,
} from "../../test/support/slack-requests.ts";
import { APPROVER, CHANNEL, type PostedPlan } from "./bench-plans.ts";

export interface Run {
  id: string;
  state: string;
  // Epoch ms: the click sent, the worker's move to running, the report written.
  clickedAt: number;
  startedAt: number;
  finishedAt: number;
}

export async function clickApprove(
  app: SlackTarget,
  plan: PostedPlan,
  threadTs: string,
): Promise<number> {
  const body = blockActionsForm({
    actionId: ACTION_APPROVE,
    value: plan.id,
    user: APPROVER,
    message: { channel: CHANNEL, ts: plan.ts, threadTs },
  });
  const clickedAt = Date.now();
  const response = await sendSigned(app, body, "application/x-www-form-urlencoded");
  if (response.status !== 200) throw new Error(`the app answered ${response.status} to Approve`);
  return clickedAt;
}

function runOf(record: PlanRecord, clickedAt: number): Run {
  return {
    id: record.id,
    state: record.state,
    clickedAt,
    startedAt: Date.parse(record.startedAt ?? record.execution?.startedAt ?? ""),
    finishedAt: Date.parse(record.execution?.finishedAt ?? ""),
  };
}

// Polls until every plan is in a final state. A pass stops at the first plan still open (the
// queue runs them roughly in order), so waiting on thousands costs Redis little.
export async function waitFinished(
  store: PlanStore,
  clicks: Map<string, number>,
  options: { timeoutMs?: number; pollMs?: number } = {},
): Promise<Run[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const done = new Map<string, Run>();
  while (done.size < clicks.size) {
    for (const [id, clickedAt] of clicks) {
      if (done.has(id)) continue;
      const record = await store.get(id);
      if (!record || !FINAL_STATES.has(record.state)) break;
      done.set(id, runOf(record, clickedAt));
    }
    if (done.size === clicks.size) break;
    if (Date.now() > deadline)
      throw new Error(`${clicks.size - done.size} of ${clicks.size} plans did not finish in time`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 20));
  }
  return [...done.values()];
}

// Polls until the worker moved the plan to running: approve → start, with the clock of the
// store's own record (worker and bench share the machine's clock).
export async function waitStarted(
  store: PlanStore,
  id: string,
  timeoutMs = 30_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await store.get(id);
    const started = record?.startedAt ? Date.parse(record.startedAt) : Number.NaN;
    if (Number.isFinite(started)) return started;
    if (Date.now() > deadline) throw new Error(`plan ${id} did not start in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// Pairs of runs whose [start, finish] intervals overlap: none, when one release is serialised.
export function overlaps(runs: Run[]): Array<[string, string]> {
  const sorted = [...runs].sort((a, b) => a.startedAt - b.startedAt);
  const found: Array<[string, string]> = [];
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1];
    const after = sorted[i];
    if (before && after && after.startedAt < before.finishedAt) found.push([before.id, after.id]);
  }
  return found;
}
