// The parts of Slack's payloads Wheelhouse reads, checked with zod where they enter.
import { z } from "zod";

const ts = z.string().regex(/^\d+\.\d+$/);

export const mentionEventSchema = z.object({
  type: z.literal("app_mention"),
  user: z.string(),
  text: z.string(),
  channel: z.string(),
  ts,
  thread_ts: ts.optional(),
});

// Direct messages: only people's own messages, never edits, joins or bots (ourselves included).
export const imMessageSchema = z.object({
  type: z.literal("message"),
  channel_type: z.literal("im"),
  user: z.string(),
  text: z.string(),
  channel: z.string(),
  ts,
  thread_ts: ts.optional(),
  subtype: z.undefined().optional(),
  bot_id: z.undefined().optional(),
});

export const eventEnvelopeSchema = z.object({ event_id: z.string().min(1) });

export const commandSchema = z.object({
  text: z.string(),
  user_id: z.string(),
  channel_id: z.string(),
  command: z.string(),
});

export const blockActionSchema = z.object({
  user: z.object({ id: z.string() }),
  channel: z.object({ id: z.string() }),
  container: z.object({ message_ts: ts, thread_ts: ts.optional() }),
  message: z.object({ ts, thread_ts: ts.optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().max(2000) })).min(1),
});
export type BlockAction = z.infer<typeof blockActionSchema>;
