// What the playground page draws, as plain data: the page turns it into DOM nodes with
// createElement and textContent only, so no string from a message is ever parsed as HTML.
export interface ViewButton {
  actionId: string;
  value: string;
  confirm: { title: string; text: ViewNode[]; confirm: string; deny: string } | null;
}

export interface ViewNode {
  tag: string;
  cls?: string;
  text?: string;
  // Links only: http(s) URLs, checked by parse-mrkdwn.ts.
  href?: string;
  button?: ViewButton;
  children?: ViewNode[];
}

export type Json = Record<string, unknown>;

export function asRecord(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : {};
}

export const textOf = (value: unknown): string => (typeof value === "string" ? value : "");
