// A neutral Message on its way to a chat: every string in it (summary, blocks, fields, code,
// table cells, buttons' labels, values and confirms, attachments' names and content, whatever
// nodes inline text is made of) through the free-text rules. It walks the data generically, so a
// new block or node type is covered without a change here. Pure.
import type { Message } from "../render/message.ts";
import { redactText } from "./redact-text.ts";

// Depth-first copy in which only strings change; anything else (numbers, booleans) is kept.
export function mapStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, redact));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapStrings(item, redact)]),
    );
  }
  return value;
}

export function redactMessage(message: Message): Message {
  // mapStrings keeps the shape (only string leaves change), so the copy is still a Message.
  return mapStrings(message, redactText) as Message;
}
