// Requests as Slack sends them to a bot: real payload shapes (./payloads/) filled in,
// signed with the v0 HMAC-SHA256 scheme. Used by the fake Slack server, the e2e tests, the
// benchmark and the playground's `wheelhouse say` / `click`.
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const FIXTURES = join(import.meta.dirname, "payloads");

type Json = Record<string, unknown>;

function asJson(value: unknown): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value));
}

function fixture(name: string): Json {
  return asJson(JSON.parse(readFileSync(join(FIXTURES, name), "utf8")));
}

const TEMPLATES = {
  mention: fixture("app-mention.json"),
  im: fixture("message-im.json"),
  command: fixture("slash-command.json"),
  actions: fixture("block-actions.json"),
};

export const TEAM_ID = "T0WHEEL01";
export const APP_ID = "A0WHEEL01";

export interface SlackTarget {
  // The bot's events endpoint: http://127.0.0.1:PORT/slack/events.
  url: string;
  signingSecret: string;
}

export interface SendOptions {
  retryNum?: number;
  retryReason?: string;
  // Seconds since the epoch; default now.
  timestamp?: number;
  // Overrides the computed signature (forged requests).
  signature?: string;
}

export interface SlackResponse {
  status: number;
  body: string;
  ms: number;
}

let tsCounter = 0;
// Message timestamps as Slack makes them: seconds, a dot, six digits, unique and increasing.
export function nextTs(): string {
  tsCounter = (tsCounter + 1) % 1_000_000;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, "0")}`;
}

export function newEventId(): string {
  return `Ev${randomBytes(6).toString("hex").toUpperCase()}`;
}

export function signRequest(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export async function sendSigned(
  target: SlackTarget,
  body: string,
  contentType: string,
  options: SendOptions = {},
): Promise<SlackResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": options.signature ?? signRequest(target.signingSecret, timestamp, body),
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
  };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = options.retryReason ?? "http_timeout";
  }
  const started = performance.now();
  const response = await fetch(target.url, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, body: text, ms: performance.now() - started };
}

export interface MentionInput {
  text: string;
  user: string;
  channel: string;
  botUserId: string;
  ts?: string;
  threadTs?: string;
  eventId?: string;
}

// An app_mention event_callback; the text gets the bot's mention in front, as Slack writes it.
export function mentionPayload(input: MentionInput): Json {
  const base = structuredClone(TEMPLATES.mention);
  const ts = input.ts ?? nextTs();
  const text = `<@${input.botUserId}> ${input.text}`;
  const event: Json = {
    ...asJson(base.event),
    user: input.user,
    text,
    ts,
    event_ts: ts,
    channel: input.channel,
    client_msg_id: crypto.randomUUID(),
    blocks: [
      {
        type: "rich_text",
        block_id: "m1",
        elements: [
          {
            type: "rich_text_section",
            elements: [
              { type: "user", user_id: input.botUserId },
              { type: "text", text: ` ${input.text}` },
            ],
          },
        ],
      },
    ],
  };
  if (input.threadTs) event.thread_ts = input.threadTs;
  return withAuthorizations(
    {
      ...base,
      event,
      event_id: input.eventId ?? newEventId(),
      event_time: Math.floor(Date.now() / 1000),
    },
    input.botUserId,
  );
}

export function imPayload(input: Omit<MentionInput, "threadTs">): Json {
  const base = structuredClone(TEMPLATES.im);
  const ts = input.ts ?? nextTs();
  const event: Json = {
    ...asJson(base.event),
    user: input.user,
    text: input.text,
    ts,
    event_ts: ts,
    channel: input.channel,
    client_msg_id: crypto.randomUUID(),
    blocks: [
      {
        type: "rich_text",
        block_id: "d1",
        elements: [{ type: "rich_text_section", elements: [{ type: "text", text: input.text }] }],
      },
    ],
  };
  return withAuthorizations(
    {
      ...base,
      event,
      event_id: input.eventId ?? newEventId(),
      event_time: Math.floor(Date.now() / 1000),
    },
    input.botUserId,
  );
}

function withAuthorizations(payload: Json, botUserId: string): Json {
  return {
    ...payload,
    authorizations: [
      {
        enterprise_id: null,
        team_id: TEAM_ID,
        user_id: botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
  };
}

export function commandForm(input: {
  text: string;
  user: string;
  channel: string;
  responseUrl?: string;
}): string {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(TEMPLATES.command)) fields[k] = String(v);
  fields.text = input.text;
  fields.user_id = input.user;
  fields.user_name = input.user.toLowerCase();
  fields.channel_id = input.channel;
  fields.trigger_id = `${Date.now()}.${randomBytes(4).toString("hex")}`;
  if (input.responseUrl) fields.response_url = input.responseUrl;
  return new URLSearchParams(fields).toString();
}

export interface ClickInput {
  actionId: string;
  value: string;
  user: string;
  // The message the button is on, as Slack stored it (channel, ts, thread, blocks).
  message: {
    channel: string;
    ts: string;
    threadTs?: string | null;
    text?: string;
    blocks?: unknown[];
  };
  responseUrl?: string;
}

export function blockActionsForm(input: ClickInput): string {
  const base = structuredClone(TEMPLATES.actions);
  const { channel, ts } = input.message;
  const container: Json = {
    type: "message",
    message_ts: ts,
    channel_id: channel,
    is_ephemeral: false,
  };
  const message: Json = {
    ...asJson(base.message),
    ts,
    text: input.message.text ?? "",
    blocks: input.message.blocks ?? [],
  };
  if (input.message.threadTs) {
    container.thread_ts = input.message.threadTs;
    message.thread_ts = input.message.threadTs;
  } else {
    delete message.thread_ts;
  }
  const payload: Json = {
    ...base,
    user: {
      id: input.user,
      username: input.user.toLowerCase(),
      name: input.user.toLowerCase(),
      team_id: TEAM_ID,
    },
    container,
    channel: { id: channel, name: channel.toLowerCase() },
    message,
    trigger_id: `${Date.now()}.${randomBytes(4).toString("hex")}`,
    actions: [
      {
        action_id: input.actionId,
        block_id: "b1",
        text: { type: "plain_text", text: input.actionId, emoji: true },
        value: input.value,
        type: "button",
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
  if (input.responseUrl) payload.response_url = input.responseUrl;
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function sendEvent(
  target: SlackTarget,
  payload: Json,
  options: SendOptions = {},
): Promise<SlackResponse> {
  return sendSigned(target, JSON.stringify(payload), "application/json", options);
}

export function sendCommand(
  target: SlackTarget,
  input: Parameters<typeof commandForm>[0],
  options: SendOptions = {},
): Promise<SlackResponse> {
  return sendSigned(target, commandForm(input), "application/x-www-form-urlencoded", options);
}

export function sendClick(
  target: SlackTarget,
  input: ClickInput,
  options: SendOptions = {},
): Promise<SlackResponse> {
  return sendSigned(target, blockActionsForm(input), "application/x-www-form-urlencoded", options);
}
