// Why nothing was planned, in the words of the refusal, with what would work instead.
import { isPlanOperation, type PlanRefusal } from "../plan/plan-types.ts";
import { bold, bullets, code, md } from "./markdown.ts";
import { type Block, type Message, message } from "./message.ts";

export function renderRefusal(refusal: PlanRefusal): Message {
  const target = refusal.release ? ` ${refusal.release.name} (${refusal.release.namespace})` : "";
  const verdict = isPlanOperation(refusal.operation) ? "Not planned" : "Could not answer";
  const blocks: Block[] = [
    {
      type: "section",
      text: md`🚫 ${bold(`${verdict}: ${refusal.operation}${target}`)}\n${refusal.reason}`,
    },
  ];
  if (refusal.detail) {
    blocks.push({ type: "context", lines: [md`What helm or the API server said:`] });
    blocks.push({ type: "code", text: refusal.detail });
  }
  if (refusal.suggestions.length > 0) {
    blocks.push({ type: "section", text: md`${bold("Instead")}\n${bullets(refusal.suggestions)}` });
  }
  blocks.push({ type: "context", lines: [md`Nothing ran. Refusal ${code(refusal.code)}`] });
  return message(`${verdict}: ${refusal.operation}${target}. ${refusal.reason}`, blocks);
}

// The channel's policy does not allow the request: said plainly, nothing looked up.
export function renderNotAllowed(operation: string, reason: string): Message {
  return message(`Not allowed here: ${operation}. ${reason}`, [
    { type: "section", text: md`🚫 ${bold(`Not allowed here: ${operation}`)}\n${reason}` },
    {
      type: "context",
      lines: [
        md`Nothing ran. The approval policy (${code("WHEELHOUSE_POLICY")}) decides what each channel may ask for.`,
      ],
    },
  ]);
}
