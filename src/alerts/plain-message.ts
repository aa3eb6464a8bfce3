// The last step of every alert and watcher message: each line through the free-text redaction
// (labels, annotations and diagnosis evidence all come from outside) and cut to a length a chat
// shows whole. Lines stay plain text; the chat adapter escapes them.
import { redactText } from "../redact/redact-text.ts";
import type { ProposedPlan, ThreadMessage } from "./thread-poster.ts";

const MAX_LINE = 600;
const MAX_LINES = 40;

function clip(text: string): string {
  const line = redactText(text);
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

export function plainMessage(summary: string, lines: string[], plan?: ProposedPlan): ThreadMessage {
  const kept =
    lines.length > MAX_LINES
      ? [...lines.slice(0, MAX_LINES - 1), `… and ${lines.length - MAX_LINES + 1} more lines`]
      : lines;
  return {
    summary: clip(summary.split("\n")[0] ?? ""),
    lines: kept.map(clip),
    ...(plan === undefined ? {} : { plan: { id: plan.id, description: clip(plan.description) } }),
  };
}

// "2026-11-30 14:03 UTC"; what cannot be read is shown as it came.
export function formatTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

// "2 h 5 min", "45 s"
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
