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
import { errorCode, type MessageMeta, type SlackOut } from "./slack-out.ts";

export interface SlackNotifierDeps {
  out: SlackOut;
  store: Pick<PlanStore, "get" | "setMessageTs">;
  log: Log;
  metrics?: Metrics;
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

  async function proposeRollback(record: PlanRecord, planId: string): Promise<void> {
    const rollback = await d.store.get(planId);
    if (rollback === null) {
      d.log("warn", "the proposed rollback plan is gone", { planId });
      return;
    }
    const ts = await d.out.reply(thread(record), renderPlan(rollback), planMeta(rollback));
    await d.store.setMessageTs(rollback.id, ts);
  }

  return {
    async started(record) {
      await refreshPlan(record);
      running.set(
        record.id,
        await d.out.reply(thread(record), renderExecution(record), executionMeta(record)),
      );
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
      const ts = running.get(record.id);
      running.delete(record.id);
      if (ts === undefined) await d.out.reply(thread(record), result, executionMeta(record));
      else await d.out.update(record.context.channel, ts, result, executionMeta(record));
      const rollbackPlanId = record.execution?.rollbackPlanId;
      if (rollbackPlanId) await proposeRollback(record, rollbackPlanId);
    },
    // The plan message re-rendered as expired: renderPlan shows buttons only while it waits.
    expired: (record) => refreshPlan(record),
  };
}
