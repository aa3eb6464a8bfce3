// Block Kit back to readable terminal text: what `wheelhouse say` prints of the bot's replies.
// Takes unchecked JSON (what a Slack API server recorded) and skips what it does not know.
import { z } from "zod";

const textSchema = z.object({ text: z.string() });
const blockSchema = z.object({
  type: z.string(),
  text: textSchema.optional(),
  fields: z.array(textSchema).optional(),
  elements: z
    .array(
      z.object({
        type: z.string(),
        text: z.union([z.string(), textSchema]).optional(),
        value: z.string().optional(),
        style: z.string().optional(),
      }),
    )
    .optional(),
});

export function fromMrkdwn(text: string): string {
  return (
    text
      .replace(/<@([A-Z0-9]+)>/g, "@$1")
      .replace(/<#([A-Z0-9]+)>/g, "#$1")
      .replace(/<(https?:[^|>]+)\|([^>]+)>/g, "$2 ($1)")
      // The soft hyphen that keeps a quoted line from becoming a blockquote (inert-text.ts).
      .replace(/\u00ad/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&")
  );
}

function blockText(raw: unknown): string[] {
  const parsed = blockSchema.safeParse(raw);
  if (!parsed.success) return [];
  const b = parsed.data;
  switch (b.type) {
    case "header":
      return [`== ${b.text?.text ?? ""} ==`];
    case "section":
      return [
        ...(b.text ? [fromMrkdwn(b.text.text)] : []),
        ...(b.fields ?? []).map((f) => fromMrkdwn(f.text).replace("\n", ": ")),
      ];
    case "context":
      return (b.elements ?? []).map(
        (e) => `  ${fromMrkdwn(typeof e.text === "string" ? e.text : (e.text?.text ?? ""))}`,
      );
    case "divider":
      return ["──────────"];
    case "actions":
      return [
        (b.elements ?? [])
          .map((e) => `[${typeof e.text === "string" ? e.text : (e.text?.text ?? "")}]`)
          .join(" "),
      ];
    default:
      return [];
  }
}

export function blockKitToText(blocks: unknown, fallback = ""): string {
  const list = Array.isArray(blocks) ? blocks : [];
  if (list.length === 0) return fromMrkdwn(fallback);
  return list.flatMap(blockText).join("\n");
}
