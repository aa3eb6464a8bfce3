// The neutral message: plain data every renderer builds and each chat adapter turns into its own
// format (Block Kit for Slack, text for the terminal). No platform syntax and no limits here.

// Inline content is typed nodes, never string syntax: a string is always literal text, so data
// (user text, helm output, events, logs, model answers) can never become a mention, link or
// formatting. Build it with `md` and the builders in markdown.ts.
import { toMarkdown } from "./markdown.ts";

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "bold"; children: Markdown }
  | { kind: "italic"; children: Markdown }
  | { kind: "code"; text: string }
  // A chat user the bot means to mention (an id checked by `mention`).
  | { kind: "mention"; user: string }
  // A channel the bot means to link (an id checked by `channel`).
  | { kind: "channel"; channel: string }
  | { kind: "link"; url: string; label: string };

export type Markdown = readonly Inline[];

export type ButtonStyle = "primary" | "danger";

export interface Confirm {
  title: string;
  text: Markdown;
  confirm: string;
  deny: string;
}

export interface Button {
  // What the click means to the bot ("wheelhouse_approve"); stable, never shown.
  actionId: string;
  label: string;
  // What the click carries back (a plan id, a request); opaque to adapters.
  value: string;
  style?: ButtonStyle;
  confirm?: Confirm;
}

export interface Field {
  label: string;
  value: Markdown;
}

// Header, labels, table cells and code are plain strings: shown as they are, never parsed.
export type Block =
  | { type: "header"; text: string }
  | { type: "section"; text: Markdown }
  | { type: "fields"; fields: Field[] }
  // Rendered fixed-width; cells are plain text.
  | { type: "table"; columns: string[]; rows: string[][] }
  | { type: "code"; text: string }
  | { type: "context"; lines: Markdown[] }
  | { type: "divider" }
  | { type: "buttons"; buttons: Button[] };

// Content too long for a message, shared as a file in the same conversation.
export interface Attachment {
  filename: string;
  title: string;
  content: string;
}

export interface Message {
  // One line for notifications and clients that cannot show blocks.
  summary: Markdown;
  blocks: Block[];
  attachments: Attachment[];
}

export const ACTION_APPROVE = "wheelhouse_approve";
export const ACTION_REJECT = "wheelhouse_reject";
// A clarification's candidate: the value is the completed request (an Intent as JSON).
export const ACTION_CHOOSE = "wheelhouse_choose";

// A string summary is literal text, like every string in the model.
export function message(
  summary: string | Markdown,
  blocks: Block[],
  attachments: Attachment[] = [],
): Message {
  return { summary: toMarkdown(summary), blocks, attachments };
}

// Markdown as the words a person reads: formatting dropped, mentions as @id, links as "label (url)".
export function plainText(markdown: Markdown): string {
  return markdown.map(plainInline).join("");
}

function plainInline(node: Inline): string {
  switch (node.kind) {
    case "text":
    case "code":
      return node.text;
    case "bold":
    case "italic":
      return plainText(node.children);
    case "mention":
      return `@${node.user}`;
    case "channel":
      return `#${node.channel}`;
    case "link":
      return `${node.label} (${node.url})`;
  }
}
