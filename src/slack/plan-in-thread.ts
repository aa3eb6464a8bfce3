// A plan shown in its thread, whoever asked for it (a person, or a diagnosis on their behalf):
// "Planning…" at once (a dry run takes seconds), then that message becomes the plan with its
// Approve/Reject buttons, the refusal, or what went wrong: it never stays "Planning…". Every
// plan and refusal goes to the audit log.
import type { Intent } from "../model/intent.ts";
import type { PlanContext, PlanRecord } from "../model/plan-record.ts";
import { childLog, type Log } from "../observe/log.ts";
import type { Metrics } from "../observe/metrics.ts";
import type { PlanOutcome } from "../plan/plan-types.ts";
import { codedErrorInfo, refusalFromError } from "../plan/refuse.ts";
import { bold, md } from "../render/markdown.ts";
import { type Message, message } from "../render/message.ts";
import { renderPlan } from "../render/render-plan.ts";
import { renderRefusal } from "../render/render-refusal.ts";
import type { AuditLog } from "../store/audit-log.ts";
import type { PlanStore } from "../store/plan-store.ts";
import type { MessageMeta, SlackOut, Thread } from "./slack-out.ts";

// Who asked and where the answer goes.
export interface PlanAsker {
  user: string;
  channel: string;
  thread: Thread;
  source: PlanContext["source"];
}

export interface PlanInThreadDeps {
  out: SlackOut;
  store: PlanStore;
  audit: AuditLog;
  metrics: Metrics;
  policy: { planTtlMinutes: number };
  log: Log;
  now: () => Date;
}

export type AuditType = "request" | "plan" | "refusal";

export function planMeta(record: PlanRecord): MessageMeta {
  return {
    event_type: "wheelhouse_plan",
    event_payload: { plan_id: record.id, state: record.state },
  };
}

export function failureMessage(error: unknown): Message {
  const info = codedErrorInfo(error);
  const text = `Something went wrong (${info.code}): ${info.message.split("\n")[0] ?? ""}`;
  return message(text, [
    { type: "section", text: md`💥 ${text}` },
    {
      type: "context",
      lines: [
        md`Nothing ran. The error is in the bot's log; ask again, and tell the platform team if it keeps happening.`,
      ],
    },
  ]);
}

// The planners' typed refusals are answers; anything else is a bug and is thrown.
export async function outcomeOf(
  intent: Intent,
  make: () => Promise<PlanOutcome>,
): Promise<PlanOutcome> {
  try {
    return await make();
  } catch (error) {
    const info = codedErrorInfo(error);
    if (info.code === "unexpected_error") throw error;
    return refusalFromError(info, intent.operation, intent.release);
  }
}

export function createPlanInThread(d: PlanInThreadDeps) {
  const audit = (
    type: AuditType,
    asker: PlanAsker,
    detail: string,
    extra: { release?: Intent["release"]; planId?: string } = {},
  ) =>
    d.audit.append({
      type,
      at: d.now().toISOString(),
      actor: asker.user,
      channel: asker.channel,
      release: extra.release ?? null,
      planId: extra.planId ?? null,
      detail,
    });

  async function show(asker: PlanAsker, working: string, outcome: PlanOutcome): Promise<void> {
    if (outcome.kind === "refusal") {
      d.metrics.inc("wheelhouse_plans_total", { result: "refusal" });
      await d.out.update(asker.thread.channel, working, renderRefusal(outcome));
      await audit("refusal", asker, `${outcome.code}: ${outcome.reason}`, {
        release: outcome.release,
      });
      return;
    }
    const context: PlanContext = {
      channel: asker.channel,
      threadTs: asker.thread.threadTs,
      messageTs: working,
      requester: asker.user,
      source: asker.source,
    };
    const record = await d.store.save(outcome, context, d.policy.planTtlMinutes * 60);
    await d.out.update(asker.thread.channel, working, renderPlan(record), planMeta(record));
    await d.store.setMessageTs(record.id, working);
    d.metrics.inc("wheelhouse_plans_total", { result: "plan" });
    const release = { name: outcome.release.name, namespace: outcome.release.namespace };
    // A child per plan: whatever is logged about it from here on carries its id.
    childLog(d.log, { planId: record.id, channel: asker.channel })("info", "plan proposed", {
      operation: outcome.operation,
      release,
      risk: outcome.risk.level,
      runAs: outcome.runAs?.identity?.user ?? "wheelhouse",
    });
    await audit("plan", asker, `${outcome.command.display} (risk ${outcome.risk.level})`, {
      release,
      planId: record.id,
    });
  }

  async function plan(
    asker: PlanAsker,
    title: string,
    make: () => Promise<PlanOutcome>,
  ): Promise<void> {
    const working = await d.out.reply(
      asker.thread,
      message(`Planning ${title}…`, [
        {
          type: "context",
          lines: [md`⏳ Planning ${bold(title)}: reading the release and dry-running the change…`],
        },
      ]),
    );
    const started = performance.now();
    let result = "error";
    try {
      const outcome = await make();
      result = outcome.kind;
      await show(asker, working, outcome);
    } catch (error) {
      const info = codedErrorInfo(error);
      d.log("error", "planning failed", {
        code: info.code,
        error: info.message,
        channel: asker.channel,
      });
      await d.out.update(asker.thread.channel, working, failureMessage(error));
    } finally {
      const seconds = (performance.now() - started) / 1000;
      d.metrics.observe("wheelhouse_time_to_plan_seconds", { result }, seconds);
    }
  }

  return { plan, audit };
}
