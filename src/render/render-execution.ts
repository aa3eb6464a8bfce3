// What happened after approval: running, then the result checked in the cluster. A failure shows
// the unhealthy workloads, pod states, events and a log tail, and points to the rollback plan.
import type {
  ExecutionReport,
  ValidationResult,
  WorkloadHealth,
} from "../model/execution-report.ts";
import type { PlanRecord } from "../model/plan-record.ts";
import {
  bold,
  bullets,
  capped,
  code,
  formatTime,
  lines,
  md,
  mention,
  plural,
  statusEmoji,
} from "./markdown.ts";
import { type Block, type Markdown, type Message, message } from "./message.ts";
import { planTitle } from "./render-plan.ts";

const MAX_EVENTS = 8;
// ValidationInterruptedError's code (exec/ is an adapter: render/ does not import it).
const VALIDATION_INTERRUPTED = "validation_interrupted";
const LOG_TAIL_LINES = 20;

function workloadLine(w: WorkloadHealth): Markdown {
  const mark = w.healthy ? "✅" : "❌";
  return md`${mark} ${w.kind} ${code(w.name)}: ${w.ready}/${w.desired} ready, ${w.updated} updated`;
}

export function validationBlocks(v: ValidationResult): Block[] {
  const waited = v.waitedSeconds > 0 ? ` after waiting ${v.waitedSeconds}s` : "";
  const blocks: Block[] = [
    {
      type: "section",
      text: md`${statusEmoji(v.releaseStatus)} Release ${bold(v.releaseStatus)} at revision ${v.revision}; checked ${formatTime(v.checkedAt)}${waited}`,
    },
  ];
  if (v.workloads.length > 0) {
    const items = v.workloads.flatMap((w) => [
      md`• ${workloadLine(w)}`,
      ...w.problems.slice(0, 5).map((p) => `      ↳ ${p}`),
    ]);
    blocks.push({ type: "section", text: lines([bold("Workloads"), ...items]) });
  }
  if (!v.healthy && v.events.length > 0) {
    blocks.push({
      type: "section",
      text: md`${bold("Warning events")}\n${bullets(capped(v.events, MAX_EVENTS, (e) => e))}`,
    });
  }
  if (!v.healthy) {
    for (const log of v.logs.slice(0, 2)) {
      const tail = log.text.trimEnd().split("\n").slice(-LOG_TAIL_LINES).join("\n");
      blocks.push({
        type: "context",
        lines: [md`Last log lines of ${code(`${log.pod}/${log.container}`)}`],
      });
      blocks.push({ type: "code", text: tail || "(no output)" });
    }
  }
  return blocks;
}

function outcomeLine(record: PlanRecord, report: ExecutionReport): Markdown {
  const title = planTitle(record.plan);
  switch (report.outcome) {
    case "succeeded":
      return md`✅ ${bold(title)}: done and healthy`;
    case "failed":
      if (report.error?.code === VALIDATION_INTERRUPTED)
        return md`⚠️ ${bold(title)}: ran, but its result could not be checked`;
      return report.validation && report.error === null
        ? md`❌ ${bold(title)}: helm finished, but the release is not healthy`
        : md`❌ ${bold(title)}: failed`;
    case "stale":
      return md`⚠️ ${bold(title)}: not run, the release changed since the plan was made`;
    case "interrupted":
      return md`⚠️ ${bold(title)}: interrupted, a worker stopped while it ran`;
  }
}

function durationSeconds(report: ExecutionReport): number {
  const ms = new Date(report.finishedAt).getTime() - new Date(report.startedAt).getTime();
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : 0;
}

export function renderExecution(record: PlanRecord): Message {
  const report = record.execution;
  const approvedBy = record.decision ? md` (approved by ${mention(record.decision.by)})` : "";
  if (report === null) {
    const text = md`⚙️ ${bold("Running")} ${code(record.plan.command.display)}${approvedBy}`;
    return message(`Running: ${planTitle(record.plan)}`, [{ type: "section", text }]);
  }
  const blocks: Block[] = [{ type: "section", text: outcomeLine(record, report) }];
  if (report.note) blocks.push({ type: "section", text: md`${report.note}` });
  if (report.error) {
    // Only helm's own failures are "helm said": the check's are kubectl's or the API server's.
    const said = report.error.code.startsWith("helm_") ? "helm said" : "What failed";
    blocks.push({
      type: "section",
      text: md`${bold(said)} (${code(report.error.code)}): ${report.error.message}`,
    });
    if (report.error.stderrHead) blocks.push({ type: "code", text: report.error.stderrHead });
  }
  if (report.validation) blocks.push(...validationBlocks(report.validation));
  if (report.rollbackPlanId) {
    blocks.push({
      type: "section",
      text: md`↩️ A rollback plan follows in this thread (plan ${code(report.rollbackPlanId)}): it needs its own approval.`,
    });
  } else if (report.outcome === "failed") {
    blocks.push({
      type: "section",
      text: md`No rollback was proposed: ask for ${code("diagnose")} or ${code("history")} to decide what to do.`,
    });
  }
  const ran =
    report.outcome === "stale"
      ? "nothing ran"
      : md`ran ${code(report.argv.slice(0, 2).join(" "))} for ${plural(durationSeconds(report), "second")}`;
  blocks.push({
    type: "context",
    lines: [
      md`Plan ${code(record.id)}${approvedBy} · ${ran} · finished ${formatTime(report.finishedAt)}`,
    ],
  });
  return message(outcomeLine(record, report), blocks);
}
