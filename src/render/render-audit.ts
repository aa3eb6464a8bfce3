// The audit trail as people read it: newest first, who did what to which release, and when.

import type { AuditEntry, AuditType } from "../model/audit-entry.ts";
import type { ReleaseRef } from "../model/release.ts";
import { bold, bullets, code, formatTime, md, mention } from "./markdown.ts";
import { type Markdown, type Message, message } from "./message.ts";

const LABELS: Record<AuditType, string> = {
  request: "💬 asked",
  plan: "📝 plan",
  refusal: "🚫 not planned",
  approval: "✅ approved",
  rejection: "❌ rejected",
  unauthorised_approval: "⛔ approval refused",
  execution_started: "⚙️ started",
  execution_result: "🏁 result",
  validation: "🩺 checked",
  expiry: "⌛ expired",
};

const MAX_DETAIL = 200;

function line(entry: AuditEntry): Markdown {
  const release = entry.release
    ? md` ${code(`${entry.release.namespace}/${entry.release.name}`)}`
    : "";
  const plan = entry.planId ? md` plan ${code(entry.planId)}` : "";
  const detail =
    entry.detail.length > MAX_DETAIL ? `${entry.detail.slice(0, MAX_DETAIL)}…` : entry.detail;
  return md`${formatTime(entry.at)} ${bold(LABELS[entry.type])} by ${mention(entry.actor)}${release}${plan}: ${detail}`;
}

export function renderAudit(
  entries: readonly AuditEntry[],
  release: ReleaseRef | null = null,
): Message {
  const scope = release ? md` for ${code(`${release.namespace}/${release.name}`)}` : "";
  if (entries.length === 0) {
    return message(md`No audit entries${scope}.`, [
      { type: "section", text: md`No audit entries${scope} yet.` },
    ]);
  }
  return message(md`Audit trail${scope}: ${entries.length} entries`, [
    { type: "section", text: md`${bold("Audit trail")}${scope}, newest first` },
    { type: "section", text: bullets(entries.map(line)) },
  ]);
}
