// The neutral message: plain data every renderer builds and each chat adapter turns into its own
// format (Block Kit for Slack, text for the terminal). No platform syntax and no limits here.

// Inline markup inside `Markdown` strings, deliberately small: **bold**, _italic_, `code`,
// [text](https://url), and {@U123} for a mention of a chat user. Everything else is literal text:
// adapters escape what their platform would read as markup.
export type Markdown = string;

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

export function message(summary: string, blocks: Block[], attachments: Attachment[] = []): Message {
  return { summary, blocks, attachments };
}
