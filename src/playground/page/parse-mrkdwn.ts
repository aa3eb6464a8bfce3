// Slack's mrkdwn as ViewNodes: *bold*, _italic_, ~strike~, `code`, ```pre```, > quotes, <links>,
// <@U…> mentions and &lt;/&gt;/&amp; escapes. Entities are decoded only after parsing, so
// escaped text can never turn into markup; everything ends up as text nodes.
import type { ViewNode } from "./view-node.ts";

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };

export function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (entity) => ENTITIES[entity] ?? entity);
}

const STYLES: Record<string, string> = { "*": "b", _: "i", "~": "s" };
// Code spans, <…> sequences, and styles that open and close at word edges, as Slack reads them.
const INLINE =
  /`([^`\n]+)`|<([^<>\n]+)>|(?<![\p{L}\p{N}*_~])([*_~])(?![\s*_~])([^\n]*?[^\s])\3(?![\p{L}\p{N}])/gu;

// Display names of the people and the bot, by user id, for <@U…> mentions.
export type Names = Record<string, string>;

function angle(inner: string, names: Names): ViewNode {
  const [target = "", label] = inner.split("|", 2);
  const id = target.slice(1);
  if (/^@[UW][A-Z0-9]+$/.test(target))
    return { tag: "span", cls: "mention", text: `@${label ?? names[id] ?? id}` };
  if (/^#C[A-Z0-9]+$/.test(target))
    return { tag: "span", cls: "mention", text: `#${label ?? target.slice(1)}` };
  if (/^!(here|channel|everyone)$/.test(target))
    return { tag: "span", cls: "mention", text: `@${target.slice(1)}` };
  const href = decodeEntities(target);
  if (/^https?:\/\/[^\s]+$/i.test(href))
    return { tag: "a", href, text: decodeEntities(label ?? target) };
  return { tag: "span", text: decodeEntities(`<${inner}>`) };
}

export function parseInline(text: string, names: Names = {}): ViewNode[] {
  const out: ViewNode[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ tag: "span", text: decodeEntities(text.slice(last, at)) });
    if (m[1] !== undefined) out.push({ tag: "code", text: decodeEntities(m[1]) });
    else if (m[2] !== undefined) out.push(angle(m[2], names));
    else out.push({ tag: STYLES[m[3] ?? "*"] ?? "b", children: parseInline(m[4] ?? "", names) });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ tag: "span", text: decodeEntities(text.slice(last)) });
  return out;
}

function lines(text: string, names: Names): ViewNode[] {
  const out: ViewNode[] = [];
  let quote: ViewNode[] | null = null;
  for (const [i, line] of text.split("\n").entries()) {
    const quoted = /^(&gt;|>) ?(.*)$/.exec(line);
    if (quoted) {
      if (!quote) {
        quote = [];
        out.push({ tag: "blockquote", children: quote });
      } else quote.push({ tag: "br" });
      quote.push(...parseInline(quoted[2] ?? "", names));
      continue;
    }
    if (i > 0 && !quote) out.push({ tag: "br" });
    quote = null;
    out.push(...parseInline(line, names));
  }
  return out;
}

export function parseMrkdwn(text: string, names: Names = {}): ViewNode[] {
  const out: ViewNode[] = [];
  const parts = text.split("```");
  // An unclosed fence is text, as in Slack.
  const closed =
    parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), parts.slice(-2).join("```")];
  closed.forEach((part, i) => {
    if (i % 2 === 1) out.push({ tag: "pre", text: decodeEntities(part.replace(/^\n|\n$/g, "")) });
    else if (part !== "") out.push(...lines(part.replace(/^\n|\n$/g, ""), names));
  });
  return out;
}
