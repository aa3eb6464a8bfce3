// An alert or watcher thread's message as the neutral Message: a diagnosis by the same renderer
// as one asked for in Slack, anything else as its plain lines, literal text all of it (labels,
// annotations and evidence come from outside). Top posts lead with their summary.
import type { ThreadMessage } from "../alerts/thread-poster.ts";
import { bold, md } from "../render/markdown.ts";
import { type Message, message } from "../render/message.ts";
import { renderDiagnosis } from "../render/render-diagnosis.ts";

// "[FIRING] …", "[RESOLVED] …": the state the summary starts with, as a sign to scan for.
const STATE_SIGNS: Record<string, string> = {
  FIRING: "🔥",
  RESOLVED: "✅",
  RECOVERED: "✅",
  GONE: "⚫",
};

function sign(summary: string): string {
  const state = /^\[([A-Z-]+)\]/.exec(summary)?.[1];
  if (state === undefined) return "";
  return `${STATE_SIGNS[state] ?? "🔴"} `;
}

export function threadMessageToMessage(thread: ThreadMessage, options: { top: boolean }): Message {
  if (thread.diagnosis !== undefined) {
    const next =
      thread.plan === undefined ? { kind: "ask" as const } : { kind: "plan-follows" as const };
    return renderDiagnosis(thread.diagnosis, next);
  }
  const body = thread.lines.join("\n");
  const text = options.top
    ? md`${sign(thread.summary)}${bold(thread.summary)}\n${body}`
    : md`${body}`;
  return message(thread.summary, [{ type: "section", text }]);
}
