// Builders for the neutral inline markup (see message.ts) and the small formatting every
// renderer shares: times, emoji by status, lists. Pure.
import type { HelmStatus } from "../model/release.ts";
import type { RiskLevel } from "../plan/plan-types.ts";

export const bold = (text: string): string => `**${text}**`;
export const italic = (text: string): string => `_${text}_`;
// Backticks inside a code span would end it early.
export const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
export const mention = (userId: string): string =>
  /^[UW][A-Z0-9]{2,}$/.test(userId) ? `{@${userId}}` : userId;

export function bullets(lines: readonly string[]): string {
  return lines.map((line) => `• ${line}`).join("\n");
}

// helm prints times two ways: RFC 3339 (status, history) and Go's default (list).
export function formatTime(value: string): string {
  const go = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}):\d{2}(\.\d+)? ([+-]\d{4}) \w+$/.exec(value);
  if (go?.[4] === "+0000") return `${go[1]} ${go[2]} UTC`;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}

export function statusEmoji(status: HelmStatus | string): string {
  switch (status) {
    case "deployed":
      return "🟢";
    case "failed":
      return "🔴";
    case "pending-install":
    case "pending-upgrade":
    case "pending-rollback":
    case "uninstalling":
      return "🟡";
    case "superseded":
      return "⚪";
    case "uninstalled":
      return "⚫";
    default:
      return "❔";
  }
}

export function riskEmoji(level: RiskLevel): string {
  return level === "high" ? "🔴" : level === "medium" ? "🟠" : "🟢";
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

// For values shown inline: strings as they are, everything else as JSON.
export function show(value: unknown): string {
  if (value === undefined) return "(unset)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

// Long lists stay readable: the first `max`, then how many were left out.
export function capped<T>(items: readonly T[], max: number, line: (item: T) => string): string[] {
  const lines = items.slice(0, max).map(line);
  if (items.length > max) lines.push(italic(`…and ${items.length - max} more`));
  return lines;
}
