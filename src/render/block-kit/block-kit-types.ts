// The Block Kit JSON Wheelhouse sends: the subset it uses, as plain data (no Slack SDK here).
export interface PlainText {
  type: "plain_text";
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: "mrkdwn";
  text: string;
  // Always sent: only the <…> sequences the renderer writes are parsed (see inert-text.ts).
  verbatim: true;
}

export interface BlockKitConfirm {
  title: PlainText;
  text: MrkdwnText;
  confirm: PlainText;
  deny: PlainText;
}

export interface BlockKitButton {
  type: "button";
  action_id: string;
  text: PlainText;
  value: string;
  style?: "primary" | "danger";
  confirm?: BlockKitConfirm;
}

export type BlockKitBlock =
  | { type: "header"; text: PlainText }
  | { type: "section"; text: MrkdwnText }
  | { type: "section"; fields: MrkdwnText[] }
  | { type: "context"; elements: MrkdwnText[] }
  | { type: "divider" }
  | { type: "actions"; elements: BlockKitButton[] };

// Slack's documented limits for what we send.
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  messageText: 3000,
} as const;
