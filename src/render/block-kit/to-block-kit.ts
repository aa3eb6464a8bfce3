// The one Slack renderer: a neutral Message to Block Kit JSON within Slack's limits. Over-long
// content is split or cut with a visible note, never refused: a message always goes out.
import { bold, italic, md } from "../markdown.ts";
import type { Block, Button, Message } from "../message.ts";
import {
  type BlockKitBlock,
  type BlockKitButton,
  LIMITS,
  type MrkdwnText,
  type PlainText,
} from "./block-kit-types.ts";
import { inertPre } from "./inert-text.ts";
import { clip, clipMrkdwn, splitLines, toMrkdwn } from "./mrkdwn.ts";

export interface BlockKitMessage {
  text: string;
  blocks: BlockKitBlock[];
  files: Message["attachments"];
}

const MAX_CELL = 60;
const FENCE = "```";

const plain = (text: string, max: number): PlainText => ({
  type: "plain_text",
  text: clip(text, max),
  emoji: true,
});
// verbatim: Slack links no bare URL or channel name of its own accord; only our <…> sequences count.
const mrkdwn = (text: string): MrkdwnText => ({ type: "mrkdwn", text, verbatim: true });
const aside = (text: string): MrkdwnText => mrkdwn(toMrkdwn(md`${italic(text)}`));

function sections(mrkdwnText: string): BlockKitBlock[] {
  return splitLines(mrkdwnText, LIMITS.sectionText).map((chunk) => ({
    type: "section",
    text: mrkdwn(chunk),
  }));
}

// Preformatted text as fenced sections, each within the section limit.
function preformatted(text: string): BlockKitBlock[] {
  const budget = LIMITS.sectionText - 2 * FENCE.length - 2;
  return splitLines(inertPre(text), budget).map((chunk) => ({
    type: "section",
    text: mrkdwn(`${FENCE}\n${chunk}\n${FENCE}`),
  }));
}

export function formatTable(columns: readonly string[], rows: readonly string[][]): string {
  const all = [columns, ...rows].map((r) => r.map((c) => clip(c.replace(/\s+/g, " "), MAX_CELL)));
  const widths = columns.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function button(b: Button): BlockKitButton | null {
  if (b.value.length > LIMITS.buttonValue || b.actionId.length > LIMITS.actionId) return null;
  const out: BlockKitButton = {
    type: "button",
    action_id: b.actionId,
    text: plain(b.label, LIMITS.buttonText),
    value: b.value,
  };
  if (b.style) out.style = b.style;
  if (b.confirm) {
    out.confirm = {
      title: plain(b.confirm.title, LIMITS.confirmTitle),
      text: mrkdwn(clipMrkdwn(toMrkdwn(b.confirm.text), LIMITS.confirmText)),
      confirm: plain(b.confirm.confirm, LIMITS.confirmButton),
      deny: plain(b.confirm.deny, LIMITS.confirmButton),
    };
  }
  return out;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function convert(block: Block): BlockKitBlock[] {
  switch (block.type) {
    case "header":
      return [{ type: "header", text: plain(block.text, LIMITS.headerText) }];
    case "section":
      return sections(toMrkdwn(block.text));
    case "fields":
      return chunk(block.fields, LIMITS.fields).map((group) => ({
        type: "section",
        fields: group.map((f) =>
          mrkdwn(clipMrkdwn(toMrkdwn(md`${bold(f.label)}\n${f.value}`), LIMITS.fieldText)),
        ),
      }));
    case "table":
      return preformatted(formatTable(block.columns, block.rows));
    case "code":
      return preformatted(block.text);
    case "context":
      return chunk(block.lines, LIMITS.contextElements).map((group) => ({
        type: "context",
        elements: group.map((line) => mrkdwn(clipMrkdwn(toMrkdwn(line), LIMITS.contextText))),
      }));
    case "divider":
      return [{ type: "divider" }];
    case "buttons": {
      const buttons = block.buttons.map(button);
      const usable = buttons.filter((b): b is BlockKitButton => b !== null);
      const dropped = buttons.length - usable.length;
      const note: BlockKitBlock[] =
        dropped === 0
          ? []
          : [
              {
                type: "context",
                elements: [aside(`${dropped} choice(s) too long to offer as buttons.`)],
              },
            ];
      return [
        ...chunk(usable, LIMITS.actionsElements).map(
          (elements): BlockKitBlock => ({ type: "actions", elements }),
        ),
        ...note,
      ];
    }
  }
}

// Keeps the buttons whatever else is cut: a plan that cannot be approved is useless.
function fitBlocks(converted: BlockKitBlock[]): BlockKitBlock[] {
  if (converted.length <= LIMITS.blocks) return converted;
  const actions = converted.filter((b) => b.type === "actions");
  const others = converted.filter((b) => b.type !== "actions");
  const room = LIMITS.blocks - actions.length - 1;
  const kept = others.slice(0, Math.max(0, room));
  const note: BlockKitBlock = {
    type: "context",
    elements: [
      aside(
        `${others.length - kept.length} more blocks not shown: the message is longer than Slack allows.`,
      ),
    ],
  };
  return [...kept, note, ...actions].slice(0, LIMITS.blocks);
}

export function toBlockKit(message: Message): BlockKitMessage {
  return {
    text: clipMrkdwn(toMrkdwn(message.summary), LIMITS.messageText),
    blocks: fitBlocks(message.blocks.flatMap(convert)),
    files: message.attachments,
  };
}
