// Neutral inline nodes (render/message.ts) to Slack mrkdwn. Only nodes make markup: every string
// in them goes through inert-text.ts, so data is shown as it is and nothing else.
import type { Inline, Markdown } from "../message.ts";
import { escapeControl, inertCode, inertProse } from "./inert-text.ts";

type Style = "bold" | "italic";
const MARKER: Record<Style, string> = { bold: "*", italic: "_" };
const MAX_CODE = 1000;

// Slack only formats when the marker touches the words: spaces stay outside it.
function wrap(style: Style, inner: string, outer: ReadonlySet<Style>): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner);
  if (!m || m[2] === "" || outer.has(style)) return inner;
  return `${m[1]}${MARKER[style]}${m[2]}${MARKER[style]}${m[3]}`;
}

function inline(node: Inline, outer: ReadonlySet<Style>): string {
  switch (node.kind) {
    case "text":
      return inertProse(node.text);
    case "bold":
    case "italic":
      return wrap(node.kind, render(node.children, new Set([...outer, node.kind])), outer);
    case "code":
      // An empty span would leave two backticks to pair with others.
      return node.text === "" ? '""' : `\`${inertCode(clip(node.text, MAX_CODE))}\``;
    case "mention":
      return /^[UW][A-Z0-9]+$/.test(node.user) ? `<@${node.user}>` : inertProse(node.user);
    case "channel":
      return /^[CGD][A-Z0-9]+$/.test(node.channel)
        ? `<#${node.channel}>`
        : inertProse(node.channel);
    case "link":
      return /^https?:\/\/[^\s<>|]+$/.test(node.url)
        ? `<${escapeControl(node.url)}|${inertProse(node.label.replace(/[\r\n]+/g, " "))}>`
        : inertProse(`${node.label} (${node.url})`);
  }
}

function render(markdown: Markdown, outer: ReadonlySet<Style>): string {
  return markdown.map((node) => inline(node, outer)).join("");
}

export function toMrkdwn(markdown: Markdown): string {
  return render(markdown, new Set());
}

// Cuts at a character budget without splitting a surrogate pair, marking the cut.
export function clip(text: string, max: number, marker = "…"): string {
  if (text.length <= max) return text;
  let end = max - marker.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${marker}`;
}

// The first `max` characters of rendered mrkdwn that stay well formed: no half entity or
// <…> sequence, and a code span cut open is closed (every backtick in it is ours).
function safeHead(text: string, max: number): string {
  let head = clip(text, max, "");
  const partial = /&[a-z#0-9]*$|<[^>]*$/.exec(head);
  if (partial && partial.index > 0) head = head.slice(0, partial.index);
  return head;
}

const openCode = (text: string): boolean => (text.match(/`/g) ?? []).length % 2 === 1;

export function clipMrkdwn(text: string, max: number, marker = "…"): string {
  if (text.length <= max) return text;
  let head = safeHead(text, max - marker.length - 1);
  if (openCode(head)) head = head.endsWith("`") ? head.slice(0, -1) : `${head}\``;
  return `${head}${marker}`;
}

// Splits mrkdwn into chunks of at most `max` characters, at line ends where possible; a line cut
// in a code span closes it and opens it again in the next chunk.
export function splitLines(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const pieces = line.length > max ? hardSplit(line, max) : [line];
    for (const piece of pieces) {
      const next = current === "" ? piece : `${current}\n${piece}`;
      if (next.length <= max) {
        current = next;
      } else {
        chunks.push(current);
        current = piece;
      }
    }
  }
  if (current !== "" || chunks.length === 0) chunks.push(current);
  return chunks;
}

function hardSplit(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let piece = safeHead(rest, max - 1);
    rest = rest.slice(piece.length);
    if (openCode(piece)) {
      if (piece.endsWith("`")) piece = piece.slice(0, -1);
      else piece = `${piece}\``;
      rest = `\`${rest}`;
    }
    pieces.push(piece);
  }
  pieces.push(rest);
  return pieces;
}
