// A clarification's candidate: the completed request, checked like any Intent, chosen once.
import type { App } from "@slack/bolt";
import type { z } from "zod";
import { type Intent, intentSchema } from "../model/intent.ts";
import { bold, md, mention } from "../render/markdown.ts";
import { message } from "../render/message.ts";
import { claimOnce } from "../store/dedupe.ts";
import type { ListenerDeps } from "./register-listeners.ts";
import { blockActionSchema } from "./slack-payloads.ts";

type BlockAction = z.infer<typeof blockActionSchema>;

// A choice button is answered once: a second click (or Slack's retry) finds the claim taken.
const CHOICE_TTL_SECONDS = 3600 * 24;

// The Intent a button carries, or null when its value is not one.
function intentOf(value: string): Intent | null {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    json = null;
  }
  const intent = intentSchema.safeParse(json);
  return intent.success ? intent.data : null;
}

async function choose(d: ListenerDeps, b: BlockAction): Promise<void> {
  const threadTs = b.container.thread_ts ?? b.message?.thread_ts ?? b.container.message_ts;
  const intent = intentOf(b.actions[0]?.value ?? "");
  if (intent === null) return;
  const key = `${d.prefix}:slack:choice:${b.channel.id}:${b.container.message_ts}`;
  if (!(await claimOnce(d.redis, key, CHOICE_TTL_SECONDS))) return;
  const chosen = intent.release ? `${intent.release.name} (${intent.release.namespace})` : "that";
  await d.out.update(
    b.channel.id,
    b.container.message_ts,
    message(`@${b.user.id} chose ${chosen}`, [
      { type: "context", lines: [md`${mention(b.user.id)} chose ${bold(chosen)}`] },
    ]),
  );
  const thread = { channel: b.channel.id, threadTs };
  await d.requests.handleIntent(
    { text: "", user: b.user.id, channel: b.channel.id, thread, source: "mention" },
    intent,
  );
}

export function onCandidateChoice(d: ListenerDeps) {
  return (async ({ ack, body }) => {
    await ack();
    const parsed = blockActionSchema.safeParse(body);
    if (!parsed.success) return;
    const b = parsed.data;
    await d.track("choose", () => choose(d, b));
  }) satisfies Parameters<App["action"]>[1];
}
