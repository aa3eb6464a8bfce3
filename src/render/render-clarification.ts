// A question back when a message is unclear or matches several releases: one button per
// candidate (the click carries the completed request), or a list when there are too many.
import type { Intent } from "../model/intent.ts";
import { bullets, code, md } from "./markdown.ts";
import { ACTION_CHOOSE, type Block, type Button, type Message, message } from "./message.ts";

const MAX_BUTTONS = 5;

export function renderClarification(intent: Intent): Message {
  const question = intent.clarification ?? "Which release do you mean?";
  const blocks: Block[] = [{ type: "section", text: md`🤔 ${question}` }];
  const candidates = intent.candidates;
  if (candidates.length > 0 && candidates.length <= MAX_BUTTONS) {
    const buttons: Button[] = candidates.map((c) => ({
      actionId: `${ACTION_CHOOSE}_${c.namespace}_${c.name}`.slice(0, 255),
      label: `${c.name} (${c.namespace})`,
      value: JSON.stringify({ ...intent, release: c, clarification: null, candidates: [] }),
    }));
    blocks.push({ type: "buttons", buttons });
  } else if (candidates.length > MAX_BUTTONS) {
    const lines = candidates.map((c) => md`${code(c.name)} in ${code(c.namespace)}`);
    blocks.push({ type: "section", text: bullets(lines) });
    blocks.push({
      type: "context",
      lines: [md`Ask again with the namespace, e.g. ${code("status web -n shop")}.`],
    });
  } else {
    blocks.push({ type: "context", lines: [md`Try ${code("help")} to see what I understand.`] });
  }
  return message(question, blocks);
}
