// A diagnosis as people read it in a thread: the verdict, each finding (severity, summary,
// evidence), the revision that brought the problem and what changed in it, the one recommended
// action and what happens next, what was checked, and the model's summary marked as such. Every
// string is literal text: evidence holds events and log lines from the cluster.
import type { Diagnosis, Finding, Recommendation, Severity } from "../model/diagnosis.ts";
import { bold, bullets, capped, code, formatTime, italic, md, statusEmoji } from "./markdown.ts";
import { type Block, type Markdown, type Message, message } from "./message.ts";

// What follows the recommendation: its plan in the same thread, a refusal by the channel's
// policy, or (no chat around it) the request that would plan it.
export type DiagnosisNext =
  | { kind: "plan-follows" }
  | { kind: "not-allowed"; reason: string }
  | { kind: "ask" };

const MARK: Record<Severity, string> = { critical: "🔴", warning: "🟠", info: "🟢" };
const EVIDENCE_SHOWN = 10;
const FINDINGS_SHOWN = 8;

type Verdict = "healthy" | "not-healthy" | "not-found" | "unknown";

function verdictOf(d: Diagnosis): Verdict {
  if (d.status === "not-found") return "not-found";
  if (d.findings.some((f) => f.code === "healthy")) return "healthy";
  return d.findings.length > 0 ? "not-healthy" : "unknown";
}

function headline(d: Diagnosis, verdict: Verdict): Markdown {
  const where = md`${code(d.release.name)} in ${code(d.release.namespace)}`;
  switch (verdict) {
    case "not-found":
      return md`❔ There is no release ${where}.`;
    case "healthy":
      return md`✅ ${where} looks healthy`;
    case "not-healthy":
      return md`❌ ${where} is ${bold("not healthy")}`;
    case "unknown":
      return md`❔ ${where} could not be fully checked: see what was read below`;
  }
}

function releaseFields(d: Diagnosis): Block {
  const r = d.release;
  return {
    type: "fields",
    fields: [
      { label: "Status", value: md`${statusEmoji(d.status)} ${d.status}` },
      { label: "Revision", value: md`${r.revision === null ? "?" : String(r.revision)}` },
      {
        label: "Chart",
        value: md`${r.chart ?? "?"}${r.appVersion ? ` (app ${r.appVersion})` : ""}`,
      },
      { label: "Updated", value: md`${r.updated === null ? "?" : formatTime(r.updated)}` },
    ],
  };
}

function findingBlock(f: Finding): Block {
  const evidence = capped(f.evidence, EVIDENCE_SHOWN, (line) => line);
  const head = md`${MARK[f.severity]} ${bold(f.summary)}\n${code(f.code)} · ${f.severity}`;
  return {
    type: "section",
    text: evidence.length === 0 ? head : md`${head}\n${bullets(evidence)}`,
  };
}

function recommendationText(d: Diagnosis, r: Recommendation | null): Markdown {
  if (r === null) return md`🤷 ${bold("No recommendation")}: the rules could not settle on one.`;
  if (r.operation === "none") return md`ℹ️ ${bold("No change to plan")}\n${r.reason}`;
  const what =
    r.operation === "rollback"
      ? `Recommended: roll back to revision ${r.targetRevision ?? "the last good one"}`
      : `Recommended: uninstall ${d.release.name}`;
  return md`🛠️ ${bold(what)}\n${r.reason}`;
}

function askFor(d: Diagnosis, r: Recommendation): string {
  const { name, namespace } = d.release;
  return r.operation === "rollback"
    ? `rollback ${name} to ${r.targetRevision ?? "previous"} -n ${namespace}`
    : `uninstall ${name} -n ${namespace}`;
}

function nextLine(d: Diagnosis, next: DiagnosisNext): Markdown | null {
  const r = d.recommendation;
  if (r === null || r.operation === "none") return null;
  switch (next.kind) {
    case "plan-follows":
      return md`👇 The plan follows in this thread, dry-run done: it runs only once someone allowed approves it.`;
    case "not-allowed":
      return md`🚫 Not planned here: ${next.reason}`;
    case "ask":
      return md`Ask for ${code(askFor(d, r))} to get a plan you approve first.`;
  }
}

function summaryOf(d: Diagnosis, verdict: Verdict): string {
  const where = `${d.release.name} (${d.release.namespace})`;
  if (verdict === "not-found") return `${where}: no such release`;
  if (verdict === "healthy") return `${where}: healthy`;
  const codes = d.findings.map((f) => f.code).join(", ");
  const r = d.recommendation;
  const action =
    r === null || r.operation === "none"
      ? ""
      : r.operation === "rollback"
        ? `; recommended: roll back to revision ${r.targetRevision ?? "?"}`
        : "; recommended: uninstall";
  return `${where}: not healthy (${codes || d.status})${action}`;
}

export function renderDiagnosis(d: Diagnosis, next: DiagnosisNext = { kind: "ask" }): Message {
  const verdict = verdictOf(d);
  const blocks: Block[] = [{ type: "section", text: headline(d, verdict) }];
  if (verdict !== "not-found") blocks.push(releaseFields(d));
  const problems = d.findings.filter((f) => f.code !== "healthy");
  for (const f of problems.slice(0, FINDINGS_SHOWN)) blocks.push(findingBlock(f));
  if (problems.length > FINDINGS_SHOWN) {
    blocks.push({
      type: "context",
      lines: [md`${italic(`…and ${problems.length - FINDINGS_SHOWN} more findings`)}`],
    });
  }
  if (d.correlation !== null) {
    blocks.push({
      type: "section",
      text: md`🔎 ${bold("Introduced by")} ${d.correlation.summary}`,
    });
  }
  if (verdict !== "healthy" && verdict !== "not-found") {
    blocks.push({ type: "section", text: recommendationText(d, d.recommendation) });
    const after = nextLine(d, next);
    if (after !== null) blocks.push({ type: "context", lines: [after] });
  }
  if (d.explanation !== null) {
    blocks.push({
      type: "context",
      lines: [
        md`🤖 ${italic("In short, from the model (the findings and the action come from the rules):")} ${d.explanation}`,
      ],
    });
  }
  if (verdict === "healthy") {
    blocks.push({ type: "section", text: md`${bold("What was checked")}\n${bullets(d.checked)}` });
  } else {
    blocks.push({ type: "context", lines: [md`Checked: ${d.checked.join("; ")}`] });
  }
  blocks.push({
    type: "context",
    lines: [
      md`Diagnosed at ${formatTime(d.diagnosedAt)} by Wheelhouse's rules. Nothing was changed.`,
    ],
  });
  return message(summaryOf(d, verdict), blocks);
}
