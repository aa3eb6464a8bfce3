// A plan as people decide on it: what runs now, what would change, the exact helm command, the
// dry-run, the risk and why, and Approve / Reject while it waits. Once decided, who and when.

import type { PlanRecord } from "../model/plan-record.ts";
import type { Plan } from "../plan/plan-types.ts";
import {
  bold,
  bullets,
  code,
  formatTime,
  md,
  mention,
  riskEmoji,
  statusEmoji,
} from "./markdown.ts";
import {
  ACTION_APPROVE,
  ACTION_REJECT,
  type Block,
  type Button,
  type Confirm,
  type Markdown,
  type Message,
  message,
} from "./message.ts";
import { renderPlanChanges } from "./render-plan-changes.ts";
import { clusterText, limitsLine } from "./render-run-limits.ts";

const VERBS: Record<Plan["operation"], string> = {
  upgrade: "Upgrade",
  rollback: "Roll back",
  uninstall: "Uninstall",
  "set-values": "Set values on",
};

export function planTitle(plan: Plan): string {
  const { name, namespace } = plan.release;
  const verb = plan.recovery ? "Recover" : VERBS[plan.operation];
  switch (plan.operation) {
    case "upgrade":
      return `${verb} ${name} (${namespace}) ${plan.upgrade.from.chartVersion} → ${plan.upgrade.to.chartVersion}`;
    case "rollback":
      return `${verb} ${name} (${namespace}) to revision ${plan.rollback.target.revision}`;
    default:
      return `${verb} ${name} (${namespace})`;
  }
}

// Approving these cannot be undone by another click: a second, explicit confirmation.
export function isDestructive(plan: Plan): boolean {
  if (plan.operation === "uninstall" || plan.operation === "rollback") return true;
  return plan.operation === "upgrade" && plan.upgrade.versionChange === "major";
}

function confirmFor(plan: Plan): Confirm {
  const { name, namespace } = plan.release;
  const what =
    plan.operation === "uninstall"
      ? `This deletes ${plan.uninstall.deletes.length} objects of ${name} in ${namespace}.`
      : plan.operation === "rollback"
        ? `This rolls ${name} in ${namespace} back to revision ${plan.rollback.target.revision}.`
        : `This is a major chart upgrade of ${name} in ${namespace}.`;
  return {
    title: `${VERBS[plan.operation]} ${name}?`.slice(0, 100),
    text: md`${what} It runs as soon as you confirm.`,
    confirm: plan.operation === "uninstall" ? "Uninstall" : "Approve",
    deny: "Cancel",
  };
}

function decisionLine(record: PlanRecord): Markdown {
  const d = record.decision;
  if (!d) return [];
  const verdict = d.verdict === "approved" ? "✅ Approved" : "❌ Rejected";
  return md`${verdict} by ${mention(d.by)} at ${formatTime(d.at)}`;
}

export function stateLine(record: PlanRecord): Markdown {
  const decided = decisionLine(record);
  switch (record.state) {
    case "awaiting_approval":
      return md`⏳ ${bold("Awaiting approval")}: asked by ${mention(record.context.requester)} · expires ${formatTime(record.expiresAt)}`;
    case "approved":
      return md`${decided} · queued to run`;
    case "running":
      return md`${decided} · ⚙️ ${bold("running")}`;
    case "succeeded":
      return md`${decided} · ${bold("succeeded")}`;
    case "failed":
      return md`${decided} · ${bold("failed")}: see the thread`;
    case "rejected":
      return md`${decided}: nothing ran`;
    case "expired":
      return md`⌛ ${bold("Expired")} at ${formatTime(record.expiresAt)}: nothing ran`;
    case "stale":
      return md`${decided} · ⚠️ ${bold("not run")}: the release changed since this plan was made`;
    case "interrupted":
      return md`${decided} · ⚠️ ${bold("interrupted")}: see the thread`;
  }
}

function fields(plan: Plan): Block {
  const r = plan.release;
  const accepted =
    plan.dryRun.apiServerAccepted === null
      ? ""
      : `, ${plan.dryRun.apiServerAccepted} objects accepted${plan.dryRun.apiServerUnchanged ? ` (${plan.dryRun.apiServerUnchanged} unchanged, not re-sent)` : ""}`;
  return {
    type: "fields",
    fields: [
      { label: "Release", value: md`${code(r.name)} in ${code(r.namespace)}` },
      { label: "Now", value: md`revision ${r.revision}, ${statusEmoji(r.status)} ${r.status}` },
      { label: "Chart", value: md`${r.chartName} ${r.chartVersion} (app ${r.appVersion || "?"})` },
      { label: "Updated", value: md`${formatTime(r.updated)}` },
      {
        label: "Risk",
        value: md`${riskEmoji(plan.risk.level)} ${bold(plan.risk.level.toUpperCase())}`,
      },
      {
        label: "Dry run",
        value: md`${plan.dryRun.mode === "server" ? "server" : "client only"}${accepted}`,
      },
    ],
  };
}

function buttons(record: PlanRecord): Block {
  const approve: Button = {
    actionId: ACTION_APPROVE,
    label: "Approve",
    value: record.id,
    style: "primary",
  };
  if (isDestructive(record.plan)) approve.confirm = confirmFor(record.plan);
  const reject: Button = { actionId: ACTION_REJECT, label: "Reject", value: record.id };
  return { type: "buttons", buttons: [approve, reject] };
}

export function renderPlan(record: PlanRecord): Message {
  const plan = record.plan;
  const risk = plan.risk.reasons.map((reason) => `${riskEmoji(reason.level)} ${reason.text}`);
  const blocks: Block[] = [
    { type: "header", text: `Plan: ${planTitle(plan)}` },
    { type: "section", text: stateLine(record) },
    fields(plan),
  ];
  if (plan.recovery) {
    blocks.push({
      type: "section",
      text: md`🚧 ${bold(`Stuck in ${plan.recovery.stuckStatus}`)} at revision ${plan.recovery.stuckRevision}: ${plan.recovery.reason}`,
    });
  }
  if (risk.length > 0)
    blocks.push({ type: "section", text: md`${bold("Risk")}\n${bullets(risk)}` });
  if (plan.warnings.length > 0) {
    blocks.push({
      type: "section",
      text: md`${bold("Warnings")}\n${bullets(plan.warnings.map((w) => `⚠️ ${w}`))}`,
    });
  }
  blocks.push({ type: "divider" }, ...renderPlanChanges(plan), { type: "divider" });
  blocks.push({
    type: "section",
    text: md`${bold("Command")} (runs exactly as shown once approved)`,
  });
  blocks.push({ type: "code", text: plan.command.display });
  blocks.push({
    type: "context",
    lines: [
      md`Dry run (${plan.dryRun.mode}): ${plan.dryRun.summary}`,
      ...(plan.runAs
        ? [md`Dry run ${plan.runAs.note}; the approved change runs as its approver`]
        : []),
      ...(plan.limits ? [limitsLine(plan.limits)] : []),
      md`${plan.cluster ? md`${clusterText(plan.cluster)} · ` : ""}Plan ${code(record.id)} · ${code(plan.digest.slice(0, 19))} · made ${formatTime(plan.createdAt)} against revision ${plan.release.revision}`,
    ],
  });
  if (record.state === "awaiting_approval") blocks.push(buttons(record));
  const summary = md`Plan: ${planTitle(plan)}. Risk ${plan.risk.level}. ${record.state === "awaiting_approval" ? "Awaiting approval." : stateLine(record)}`;
  return message(summary, blocks);
}
