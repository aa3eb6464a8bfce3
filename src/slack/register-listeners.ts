// Bolt listeners: mentions, direct messages, /helm, and the buttons. Each one acknowledges at
// once (Bolt acks events on receipt; commands and clicks ack first thing) and then works on,
// tracked so shutdown can wait for it. Slack's retries of an event are answered once.
import type { App } from "@slack/bolt";
import type { Redis } from "ioredis";
import { intentSchema } from "../model/intent.ts";
import type { Log } from "../observe/log.ts";
import { redactRequestText } from "../redact/redact-request-text.ts";
import { bold, code, md, mention } from "../render/markdown.ts";
import { ACTION_APPROVE, ACTION_CHOOSE, ACTION_REJECT, message } from "../render/message.ts";
import { claimOnce } from "../store/dedupe.ts";
import type { createDecisionHandler } from "./handle-decision.ts";
import type { createRequestHandler, SlackRequest } from "./handle-request.ts";
import { stripMention } from "./read-request-text.ts";
import { errorCode, type SlackOut } from "./slack-out.ts";
import {
  blockActionSchema,
  commandSchema,
  eventEnvelopeSchema,
  imMessageSchema,
  mentionEventSchema,
} from "./slack-payloads.ts";

export interface ListenerDeps {
  redis: Redis;
  prefix: string;
  botUserId: string;
  out: SlackOut;
  requests: ReturnType<typeof createRequestHandler>;
  decisions: ReturnType<typeof createDecisionHandler>;
  log: Log;
  // Runs work after the ack and remembers it until it settles.
  track: (what: string, work: () => Promise<void>) => Promise<void>;
}

const EVENT_TTL_SECONDS = 3600;

export function registerListeners(app: App, d: ListenerDeps): void {
  // Slack retries an event it thinks we missed (x-slack-retry-num): the first copy wins.
  const firstTime = async (body: unknown): Promise<boolean> => {
    const envelope = eventEnvelopeSchema.safeParse(body);
    if (!envelope.success) return true;
    const first = await claimOnce(
      d.redis,
      `${d.prefix}:slack:event:${envelope.data.event_id}`,
      EVENT_TTL_SECONDS,
    );
    if (!first) d.log("info", "duplicate event ignored", { eventId: envelope.data.event_id });
    return first;
  };

  // Mentions and DMs are the same conversation: a message in a thread, answered in that thread.
  const onMessage =
    (source: "mention" | "dm", schema: typeof mentionEventSchema | typeof imMessageSchema) =>
    async ({ event, body }: { event: unknown; body: unknown }) => {
      const parsed = schema.safeParse(event);
      if (!parsed.success) return;
      const e = parsed.data;
      await d.track(source, async () => {
        if (!(await firstTime(body))) return;
        await d.requests.handle({
          text: stripMention(e.text, d.botUserId),
          user: e.user,
          channel: e.channel,
          thread: { channel: e.channel, threadTs: e.thread_ts ?? e.ts },
          source,
        });
      });
    };
  app.event("app_mention", onMessage("mention", mentionEventSchema));
  app.event("message", onMessage("dm", imMessageSchema));

  app.command("/helm", async ({ command, ack, respond }) => {
    await ack();
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) return;
    const c = parsed.data;
    await d.track("command", async () => {
      const asked = redactRequestText(`${c.command} ${c.text}`.trim());
      let ts: string;
      try {
        ts = await d.out.post(
          c.channel_id,
          message(`@${c.user_id} asked: ${asked}`, [
            { type: "context", lines: [md`${mention(c.user_id)} asked: ${code(asked)}`] },
          ]),
        );
      } catch (error) {
        const code = errorCode(error);
        if (code !== "not_in_channel" && code !== "channel_not_found") throw error;
        await respond({
          response_type: "ephemeral",
          text: "I can only answer in channels I am a member of: invite me with `/invite @wheelhouse`, or mention me.",
        });
        return;
      }
      const req: SlackRequest = {
        text: c.text,
        user: c.user_id,
        channel: c.channel_id,
        thread: { channel: c.channel_id, threadTs: ts },
        source: "command",
      };
      await d.requests.handle(req);
    });
  });

  const onDecision = (verdict: "approved" | "rejected") =>
    (async ({ ack, body }) => {
      await ack();
      const parsed = blockActionSchema.safeParse(body);
      if (!parsed.success) return;
      const b = parsed.data;
      const planId = b.actions[0]?.value ?? "";
      await d.track(verdict, () =>
        d.decisions.decide(
          {
            planId,
            user: b.user.id,
            channel: b.channel.id,
            messageTs: b.container.message_ts,
            threadTs: b.container.thread_ts ?? b.message?.thread_ts ?? null,
          },
          verdict,
        ),
      );
    }) satisfies Parameters<App["action"]>[1];

  app.action(ACTION_APPROVE, onDecision("approved"));
  app.action(ACTION_REJECT, onDecision("rejected"));

  // A clarification's candidate: the completed request, checked like any Intent, chosen once.
  app.action(new RegExp(`^${ACTION_CHOOSE}`), async ({ ack, body }) => {
    await ack();
    const parsed = blockActionSchema.safeParse(body);
    if (!parsed.success) return;
    const b = parsed.data;
    await d.track("choose", async () => {
      const threadTs = b.container.thread_ts ?? b.message?.thread_ts ?? b.container.message_ts;
      let value: unknown;
      try {
        value = JSON.parse(b.actions[0]?.value ?? "");
      } catch {
        value = null;
      }
      const intent = intentSchema.safeParse(value);
      if (!intent.success) return;
      if (
        !(await claimOnce(
          d.redis,
          `${d.prefix}:slack:choice:${b.channel.id}:${b.container.message_ts}`,
          EVENT_TTL_SECONDS * 24,
        ))
      )
        return;
      const chosen = intent.data.release
        ? `${intent.data.release.name} (${intent.data.release.namespace})`
        : "that";
      await d.out.update(
        b.channel.id,
        b.container.message_ts,
        message(`@${b.user.id} chose ${chosen}`, [
          { type: "context", lines: [md`${mention(b.user.id)} chose ${bold(chosen)}`] },
        ]),
      );
      await d.requests.handleIntent(
        {
          text: "",
          user: b.user.id,
          channel: b.channel.id,
          thread: { channel: b.channel.id, threadTs },
          source: "mention",
        },
        intent.data,
      );
    });
  });
}
