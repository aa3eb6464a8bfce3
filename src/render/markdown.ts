// Builders for the neutral inline nodes (see message.ts) and the small formatting every renderer
// shares: times, emoji by status, lists. Pure.
//
//   md`${bold("Risk")}: ${reason}`   → the words as literal text, `reason` too, whatever it holds.
import type { HelmStatus } from "../model/release.ts";
import type { RiskLevel } from "../plan/plan-types.ts";
import type { Inline, Markdown } from "./message.ts";

// What `md` and the builders take: strings and numbers are literal text, nodes stay nodes.
export type MdPart = string | number | Inline | Markdown;

const text = (value: string): Inline => ({ kind: "text", text: value });

function isMarkdown(part: MdPart): part is Markdown {
  return Array.isArray(part);
}

// Any part as Markdown, adjacent literal text merged (smaller trees, simpler goldens).
export function toMarkdown(...parts: MdPart[]): Markdown {
  const out: Inline[] = [];
  const push = (node: Inline) => {
    const last = out.at(-1);
    if (node.kind === "text" && last?.kind === "text")
      out[out.length - 1] = text(last.text + node.text);
    else if (node.kind !== "text" || node.text !== "") out.push(node);
  };
  for (const part of parts) {
    if (typeof part === "string" || typeof part === "number") push(text(String(part)));
    else if (isMarkdown(part)) for (const node of part) push(node);
    else push(part);
  }
  return out;
}

// The template's own words and every interpolated string are literal text: no syntax at all.
export function md(strings: TemplateStringsArray, ...values: MdPart[]): Markdown {
  const parts: MdPart[] = [];
  strings.forEach((s, i) => {
    parts.push(s);
    const value = values[i];
    if (i < values.length && value !== undefined) parts.push(value);
  });
  return toMarkdown(...parts);
}

export const bold = (content: MdPart): Inline => ({ kind: "bold", children: toMarkdown(content) });
export const italic = (content: MdPart): Inline => ({
  kind: "italic",
  children: toMarkdown(content),
});
export const code = (value: string): Inline => ({ kind: "code", text: value });

// Anything that is not a user id stays literal text ("wheelhouse" for the bot's own plans).
export const mention = (userId: string): Inline =>
  /^[UW][A-Z0-9]{2,}$/.test(userId) ? { kind: "mention", user: userId } : text(userId);
export const channel = (channelId: string): Inline =>
  /^[CGD][A-Z0-9]{2,}$/.test(channelId) ? { kind: "channel", channel: channelId } : text(channelId);
// Only web links the bot means; anything else is shown as literal text.
export const link = (url: string, label: string): Inline =>
  /^https?:\/\/[^\s<>|]+$/.test(url) ? { kind: "link", url, label } : text(`${label} (${url})`);

export function join(parts: readonly MdPart[], separator: MdPart): Markdown {
  return toMarkdown(...parts.flatMap((p, i) => (i === 0 ? [p] : [separator, p])));
}

export const lines = (parts: readonly MdPart[]): Markdown => join(parts, "\n");

export function bullets(items: readonly MdPart[]): Markdown {
  return lines(items.map((item) => md`• ${item}`));
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
export function capped<T>(items: readonly T[], max: number, line: (item: T) => MdPart): MdPart[] {
  const out = items.slice(0, max).map(line);
  if (items.length > max) out.push(italic(`…and ${items.length - max} more`));
  return out;
}
