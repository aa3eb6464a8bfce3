// Block Kit as Slack draws it, as ViewNodes: header, section (text and fields), context, divider,
// actions (buttons with styles and confirm dialogs), and the message's files. Blocks arrive as
// JSON from the fake Slack; anything unknown is shown as such, never dropped silently.
import { type Names, parseMrkdwn } from "./parse-mrkdwn.ts";
import { asRecord, textOf, type ViewButton, type ViewNode } from "./view-node.ts";

function textObject(value: unknown, names: Names = {}): ViewNode[] {
  const t = asRecord(value);
  if (t.type === "mrkdwn") return parseMrkdwn(textOf(t.text), names);
  return [{ tag: "span", text: textOf(t.text) }];
}

function confirmOf(value: unknown): ViewButton["confirm"] {
  const c = asRecord(value);
  if (Object.keys(c).length === 0) return null;
  return {
    title: textOf(asRecord(c.title).text),
    text: textObject(c.text),
    confirm: textOf(asRecord(c.confirm).text) || "Confirm",
    deny: textOf(asRecord(c.deny).text) || "Cancel",
  };
}

function button(value: unknown): ViewNode {
  const b = asRecord(value);
  const style = b.style === "primary" || b.style === "danger" ? ` ${b.style}` : "";
  return {
    tag: "button",
    cls: `bk-button${style}`,
    text: textOf(asRecord(b.text).text),
    button: {
      actionId: textOf(b.action_id),
      value: textOf(b.value),
      confirm: confirmOf(b.confirm),
    },
  };
}

function elementsOf(block: Record<string, unknown>): unknown[] {
  return Array.isArray(block.elements) ? block.elements : [];
}

export function renderBlock(value: unknown, names: Names = {}): ViewNode {
  const block = asRecord(value);
  switch (block.type) {
    case "header":
      return { tag: "div", cls: "bk-header", text: textOf(asRecord(block.text).text) };
    case "section":
      if (Array.isArray(block.fields))
        return {
          tag: "div",
          cls: "bk-fields",
          children: block.fields.map((f) => ({
            tag: "div",
            cls: "bk-field",
            children: textObject(f, names),
          })),
        };
      return { tag: "div", cls: "bk-section", children: textObject(block.text, names) };
    case "context":
      return {
        tag: "div",
        cls: "bk-context",
        children: elementsOf(block).map((e) => ({ tag: "span", children: textObject(e, names) })),
      };
    case "divider":
      return { tag: "hr", cls: "bk-divider" };
    case "actions":
      return {
        tag: "div",
        cls: "bk-actions",
        children: elementsOf(block)
          .filter((e) => asRecord(e).type === "button")
          .map(button),
      };
    default:
      return { tag: "div", cls: "bk-unknown", text: `[${textOf(block.type) || "?"} block]` };
  }
}

export interface ViewFile {
  filename: string;
  title: string;
  content: string;
}

function renderFile(file: ViewFile): ViewNode {
  return {
    tag: "details",
    cls: "bk-file",
    children: [
      { tag: "summary", text: `📄 ${file.title || file.filename}` },
      { tag: "pre", text: file.content },
    ],
  };
}

// A message's body: its blocks, or its text when it has none (as Slack falls back), then files.
export function renderMessageBody(
  message: {
    text: string;
    blocks: unknown[];
    files?: ViewFile[];
  },
  names: Names = {},
): ViewNode[] {
  const body =
    message.blocks.length > 0
      ? message.blocks.map((b) => renderBlock(b, names))
      : message.text === ""
        ? []
        : [{ tag: "div", cls: "bk-section", children: parseMrkdwn(message.text, names) }];
  return [...body, ...(message.files ?? []).map(renderFile)];
}
