// Approve and Reject clicks. exec/approve-plan decides (policy, then the store's atomic move, so
// of a double click or two approvers exactly one wins, and only the winner enqueues); here the
// outcome is shown: the plan message updated in place without buttons, or a private note to
// whoever was refused or too late.

import { approvePlan, type DecisionOutcome, rejectPlan } from "../exec/approve-plan.ts";
import type { PlanRecord } from "../model/plan-record.ts";
import type { Metrics } from "../observe/metrics.ts";
import { resolveChannelRule } from "../policy/resolve-channel-rule.ts";
import { identityGroupIds } from "../policy/resolve-kube-identity.ts";
import { bold, formatTime, type MdPart, md, mention } from "../render/markdown.ts";
import { type Message, message } from "../render/message.ts";
import { renderPlan } from "../render/render-plan.ts";
import type { ApproverGroups } from "./approver-groups.ts";
import { planMeta } from "./plan-in-thread.ts";
import type { SlackAppDeps } from "./slack-deps.ts";
import { errorCode, type SlackOut } from "./slack-out.ts";

export interface Click {
  planId: string;
  user: string;
  channel: string;
  messageTs: string;
  threadTs: string | null;
}

export interface DecisionDeps extends SlackAppDeps {
  out: SlackOut;
  metrics: Metrics;
  groups: ApproverGroups;
}

const note = (text: MdPart): Message =>
  message(md`${text}`, [{ type: "section", text: md`${text}` }]);

function lateNote(record: PlanRecord): Message {
  const by = record.decision
    ? md` by ${mention(record.decision.by)} at ${formatTime(record.decision.at)}`
    : "";
  if (record.state === "expired")
    return note(
      `⌛ This plan expired at ${formatTime(record.expiresAt)}; nothing ran. Ask again for a fresh plan.`,
    );
  if (record.state === "rejected") return note(md`This plan was already ${bold("rejected")}${by}.`);
  return note(
    md`This plan was already ${bold("approved")}${by}; it is ${record.state.replace("_", " ")}.`,
  );
}

export function createDecisionHandler(d: DecisionDeps) {
  // The worker may move the plan on meanwhile; its notifier updates the same message after this.
  async function refreshPlanMessage(record: PlanRecord, fallbackTs: string): Promise<void> {
    try {
      await d.out.update(
        record.context.channel,
        record.context.messageTs ?? fallbackTs,
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

  async function show(click: Click, outcome: DecisionOutcome): Promise<void> {
    const tell = (msg: Message) =>
      d.out.ephemeral(click.channel, click.user, msg, click.threadTs ?? undefined);
    switch (outcome.status) {
      case "approved":
        if (outcome.queueError !== undefined)
          d.log("error", "the approved plan could not be queued; the reconciler will queue it", {
            planId: outcome.record.id,
            error: outcome.queueError,
          });
        else if (!outcome.enqueued)
          d.log("warn", "the approved plan was already queued", { planId: outcome.record.id });
        await refreshPlanMessage(outcome.record, click.messageTs);
        return;
      case "rejected":
        await refreshPlanMessage(outcome.record, click.messageTs);
        return;
      case "refused":
        await tell(note(`⛔ You cannot decide on this plan: ${outcome.reason}`));
        return;
      case "expired":
        await refreshPlanMessage(outcome.record, click.messageTs);
        await tell(lateNote(outcome.record));
        return;
      case "already_decided":
        await tell(lateNote(outcome.record));
        return;
      case "not_found":
        await tell(note("This plan no longer exists: it expired. Ask again for a fresh plan."));
        return;
    }
  }

  async function decide(click: Click, verdict: "approved" | "rejected"): Promise<void> {
    const rule = resolveChannelRule(d.policy, click.channel);
    // The policy's approver groups, and the groups its identities map (whom the run acts as).
    const named = [...new Set([...(rule?.approvers.groups ?? []), ...identityGroupIds(d.policy)])];
    const byGroups = named.length > 0 ? await d.groups(click.user, named) : [];
    const request = { planId: click.planId, by: click.user, byGroups, channel: click.channel };
    const deps = { store: d.store, audit: d.audit, queue: d.queue, policy: d.policy };
    const outcome =
      verdict === "approved" ? await approvePlan(deps, request) : await rejectPlan(deps, request);
    const result =
      outcome.status === "refused"
        ? "unauthorised"
        : outcome.status === "approved" || outcome.status === "rejected"
          ? outcome.status
          : "late";
    d.metrics.inc("wheelhouse_approvals_total", { result });
    await show(click, outcome);
  }

  return { decide };
}
