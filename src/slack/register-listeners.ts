// Bolt listeners: mentions, direct messages, /helm, and the buttons. Each one acknowledges at
// once (Bolt acks events on receipt; commands and clicks ack first thing) and then works on,
// tracked so shutdown can wait for it. Slack's retries of an event are answered once.
import type { App } from "@slack/bolt";
import type { Redis } from "ioredis";
import type { Log } from "../observe/log.ts";
import { ACTION_APPROVE, ACTION_CHOOSE, ACTION_REJECT } from "../render/message.ts";
import { claimOnce } from "../store/dedupe.ts";
import type { createDecisionHandler } from "./handle-decision.ts";
import type { createRequestHandler } from "./handle-request.ts";
import { onCandidateChoice } from "./on-candidate-choice.ts";
import { onDecisionClick } from "./on-decision-click.ts";
import { onHelmCommand } from "./on-helm-command.ts";
import { stripMention } from "./read-request-text.ts";
import type { SlackOut } from "./slack-out.ts";
import { eventEnvelopeSchema, imMessageSchema, mentionEventSchema } from "./slack-payloads.ts";
import type { SlackRetryPolicy } from "./slack-retry.ts";

export interface ListenerDeps {
  redis: Redis;
  prefix: string;
  botUserId: string;
  out: SlackOut;
  requests: ReturnType<typeof createRequestHandler>;
  decisions: ReturnType<typeof createDecisionHandler>;
  log: Log;
  // How respond() (the response_url) is retried; SlackOut has the same policy.
  retry?: SlackRetryPolicy;
  // Runs work after the ack and remembers it until it settles.
  track: (what: string, work: () => Promise<void>) => Promise<void>;
}

const EVENT_TTL_SECONDS = 3600;

// Slack retries an event it thinks we missed (x-slack-retry-num): the first copy wins.
async function firstTime(d: ListenerDeps, body: unknown): Promise<boolean> {
  const envelope = eventEnvelopeSchema.safeParse(body);
  if (!envelope.success) return true;
  const first = await claimOnce(
    d.redis,
    `${d.prefix}:slack:event:${envelope.data.event_id}`,
    EVENT_TTL_SECONDS,
  );
  if (!first) d.log("info", "duplicate event ignored", { eventId: envelope.data.event_id });
  return first;
}

// Mentions and DMs are the same conversation: a message in a thread, answered in that thread.
function onMessage(
  d: ListenerDeps,
  source: "mention" | "dm",
  schema: typeof mentionEventSchema | typeof imMessageSchema,
) {
  return async ({ event, body }: { event: unknown; body: unknown }) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) return;
    const e = parsed.data;
    await d.track(source, async () => {
      if (!(await firstTime(d, body))) return;
      await d.requests.handle({
        text: stripMention(e.text, d.botUserId),
        user: e.user,
        channel: e.channel,
        thread: { channel: e.channel, threadTs: e.thread_ts ?? e.ts },
        source,
      });
    });
  };
}

export function registerListeners(app: App, d: ListenerDeps): void {
  app.event("app_mention", onMessage(d, "mention", mentionEventSchema));
  app.event("message", onMessage(d, "dm", imMessageSchema));
  app.command("/helm", onHelmCommand(d));
  app.action(ACTION_APPROVE, onDecisionClick(d, "approved"));
  app.action(ACTION_REJECT, onDecisionClick(d, "rejected"));
  // A clarification's candidate: the completed request, checked like any Intent, chosen once.
  app.action(new RegExp(`^${ACTION_CHOOSE}`), onCandidateChoice(d));
}
