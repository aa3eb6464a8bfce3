// The worker's voice in the plan's thread: "running…" when it starts, then that message turned
// into the result (checked in the cluster), the plan message kept in step, and a proposed
// rollback posted as a plan of its own with its own buttons.
import type { ExecutionNotifier } from "../exec/execution-notifier.ts";
import type { PlanRecord } from "../model/plan-record.ts";
import type { Log } from "../observe/log.ts";
import type { Metrics } from "../observe/metrics.ts";
import { renderExecution } from "../render/render-execution.ts";
import { renderPlan } from "../render/render-plan.ts";
import type { PlanStore } from "../store/plan-store.ts";
import { planMeta } from "./plan-in-thread.ts";
import type { RunningMessages } from "./running-messages.ts";
import { errorCode, type MessageMeta, type SlackOut } from "./slack-out.ts";

export interface SlackNotifierDeps {
  out: SlackOut;
  store: Pick<PlanStore, "get" | "setMessageTs">;
  log: Log;
  metrics?: Metrics;
  // Shared by every worker: the "Running…" message of a plan whose worker died is found here.
  runningMessages?: RunningMessages;
}

// From the worker taking the plan to its report; null when the report has no times.
function executionSeconds(record: PlanRecord): number | null {
  const started = Date.parse(record.execution?.startedAt ?? "");
  const finished = Date.parse(record.execution?.finishedAt ?? "");
  return Number.isNaN(started) || Number.isNaN(finished) ? null : (finished - started) / 1000;
}

function executionMeta(record: PlanRecord): MessageMeta {
  return {
    event_type: "wheelhouse_execution",
    event_payload: { plan_id: record.id, state: record.state },
  };
}

export function createSlackExecutionNotifier(d: SlackNotifierDeps): ExecutionNotifier {
  // planId → the "running" message, turned into the result when the run ends.
  const running = new Map<string, string>();
  const thread = (record: PlanRecord) => ({
    channel: record.context.channel,
    threadTs: record.context.threadTs,
  });

  async function refreshPlan(record: PlanRecord): Promise<void> {
    if (record.context.messageTs === null) return;
    try {
      await d.out.update(
        record.context.channel,
        record.context.messageTs,
        renderPlan(record),
        planMeta(record),
      );
    } catch (error) {
      d.log("warn", "could not update the plan message", {
        planId: record.id,
        code: errorCode(error),
      });
    }
  }

  // Best effort: without it, the result is posted as a message of its own.
  async function shared<T>(what: string, planId: string, fn: () => Promise<T>): Promise<T | null> {
    try {
      return await fn();
    } catch (error) {
      d.log("warn", `could not ${what} the running message`, { planId, code: errorCode(error) });
      return null;
    }
  }

  // The "Running…" message another worker (one that died) posted for this plan.
  async function recallRunning(planId: string): Promise<string | undefined> {
    const remembered = d.runningMessages;
    if (!remembered) return undefined;
    return (await shared("recall", planId, () => remembered.recall(planId))) ?? undefined;
  }

  async function proposeRollback(record: PlanRecord, planId: string): Promise<void> {
    const rollback = await d.store.get(planId);
    if (rollback === null) {
      d.log("warn", "the proposed rollback plan is gone", { planId });
      return;
    }
    const ts = await d.out.reply(thread(record), renderPlan(rollback), planMeta(rollback));
    await d.store.setMessageTs(rollback.id, ts);
  }

  const notifier: ExecutionNotifier = {
    async started(record) {
      await refreshPlan(record);
      const ts = await d.out.reply(thread(record), renderExecution(record), executionMeta(record));
      running.set(record.id, ts);
      const remembered = d.runningMessages;
      if (remembered) await shared("remember", record.id, () => remembered.remember(record.id, ts));
    },
    async finished(record) {
      const outcome = record.execution?.outcome ?? record.state;
      d.metrics?.inc("wheelhouse_executions_total", { outcome });
      const took = executionSeconds(record);
      if (took !== null) {
        const labels = { operation: record.plan.operation, outcome };
        d.metrics?.observe("wheelhouse_execution_duration_seconds", labels, took);
      }
      await refreshPlan(record);
      const result = renderExecution(record);
      const remembered = d.runningMessages;
      const ts = running.get(record.id) ?? (await recallRunning(record.id));
      running.delete(record.id);
      try {
        if (ts === undefined) await d.out.reply(thread(record), result, executionMeta(record));
        else await d.out.update(record.context.channel, ts, result, executionMeta(record));
        if (remembered) await shared("forget", record.id, () => remembered.forget(record.id));
      } catch (error) {
        // Slack gave up on the result: the rollback it would have led to is still proposed.
        d.log("error", "could not post the execution result", {
          planId: record.id,
          code: errorCode(error),
        });
      }
      const rollbackPlanId = record.execution?.rollbackPlanId;
      if (rollbackPlanId) await proposeRollback(record, rollbackPlanId);
    },
    // The plan message re-rendered as expired: renderPlan shows buttons only while it waits.
    expired: (record) => refreshPlan(record),
    // Its "Running…" message is still remembered: the result never replaced it.
    async finishedIfUntold(record) {
      if ((await recallRunning(record.id)) !== undefined) await notifier.finished(record);
    },
  };
  return notifier;
}
