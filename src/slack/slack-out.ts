// Everything the bot says goes through here: a neutral Message rendered to Block Kit, posted,
// updated or shown to one person, with attachments uploaded into the same thread. Each one is
// redacted here, whoever built it, metadata included: a new caller cannot forget.
import { randomUUID } from "node:crypto";
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;

import type { Log } from "../observe/log.ts";
import { mapStrings, redactMessage } from "../redact/redact-message.ts";
import { redactText } from "../redact/redact-text.ts";
import { type BlockKitMessage, toBlockKit } from "../render/block-kit/to-block-kit.ts";
import type { Message } from "../render/message.ts";
import { findOwnPost, postMarkerOf } from "./find-own-post.ts";
import { errorCode } from "./slack-error-code.ts";
import {
  retrySlackCall,
  SlackGaveUpError,
  type SlackRetryPolicy,
  slackRetryPolicy,
} from "./slack-retry.ts";
import { uploadFile } from "./upload-file.ts";
import { nonRetryingClient } from "./web-client-for.ts";

export interface Thread {
  channel: string;
  threadTs: string;
}

// Slack message metadata: lets tools (and `wheelhouse say`) find plans in a thread.
export interface MessageMeta {
  event_type: string;
  event_payload: Record<string, string>;
}

export interface SlackOut {
  // A reply in a thread; returns the new message's ts.
  reply(thread: Thread, message: Message, meta?: MessageMeta): Promise<string>;
  // A new top-level message in a channel; returns its ts.
  post(channel: string, message: Message): Promise<string>;
  update(channel: string, ts: string, message: Message, meta?: MessageMeta): Promise<void>;
  ephemeral(channel: string, user: string, message: Message, threadTs?: string): Promise<void>;
}

// Metadata is stored by Slack and readable by apps in the channel: its strings are redacted too.
function metadata(meta: MessageMeta | undefined): { metadata?: string } {
  return meta ? { metadata: JSON.stringify(mapStrings(meta, redactText)) } : {};
}

// The rendering of what may leave: the message redacted, then turned into Block Kit.
function render(message: Message): { kit: BlockKitMessage; message: Message } {
  const safe = redactMessage(message);
  return { kit: toBlockKit(safe), message: safe };
}

export interface SlackOutOptions {
  // How calls are retried (429 with Retry-After, 5xx, timeouts). Default SLACK_RETRY_DEFAULTS.
  retry?: Partial<SlackRetryPolicy>;
}

// The first block carries a unique id: after an ambiguous failure, the post can be recognised.
function marked(blocks: BlockKitMessage["blocks"], marker: string): unknown[] {
  const [first, ...rest] = blocks;
  return first === undefined ? [] : [{ ...first, block_id: marker }, ...rest];
}

export function createSlackOut(
  given: WebClient,
  log: Log,
  options: SlackOutOptions = {},
): SlackOut {
  const policy = slackRetryPolicy(options.retry);
  const client = nonRetryingClient(given, log, policy.requestTimeoutMs);

  // Every call retried by the one policy; giving up is logged here (no content, only codes).
  async function retried<T>(
    method: string,
    call: () => Promise<T>,
    alreadyDone?: () => Promise<T | null>,
  ): Promise<T> {
    try {
      return await retrySlackCall(method, policy, call, alreadyDone ? { alreadyDone } : {});
    } catch (error) {
      if (error instanceof SlackGaveUpError) {
        log("error", "Slack call gave up", {
          method,
          attempts: error.attempts,
          elapsedMs: error.elapsedMs,
          code: error.lastCode,
        });
      }
      throw error;
    }
  }

  async function upload(thread: Thread, message: Message): Promise<void> {
    for (const file of message.attachments) {
      try {
        await uploadFile({ client, log, policy }, thread, file);
      } catch (error) {
        // The message itself went out and says what the file holds; a failed upload is logged.
        log("warn", "file upload failed", { code: errorCode(error), filename: file.filename });
      }
    }
  }

  // Blocks go out as one JSON string: the Web API client would otherwise copy and walk every
  // block twice per call (redaction for its debug log, then serialisation), on the event loop
  // that also has to acknowledge Slack's next requests.
  async function call(method: string, args: Record<string, unknown>, blocks: unknown[]) {
    const result = await client.apiCall(method, { ...args, blocks: JSON.stringify(blocks) });
    return "ts" in result && typeof result.ts === "string" ? result.ts : "";
  }

  // Not safe to repeat blindly: a post that may have landed is looked for before the next try.
  function postMessage(
    args: { channel: string; thread_ts?: string } & Record<string, unknown>,
    blocks: BlockKitMessage["blocks"],
  ): Promise<string> {
    const marker = `wh-${randomUUID()}`;
    const place = { channel: args.channel, threadTs: args.thread_ts ?? null, since: Date.now() };
    return retried(
      "chat.postMessage",
      () => call("chat.postMessage", args, marked(blocks, marker)),
      () => findOwnPost(client, log, place, (m) => postMarkerOf(m) === marker),
    );
  }

  return {
    async reply(thread, message, meta) {
      const { kit, message: safe } = render(message);
      const args = {
        channel: thread.channel,
        thread_ts: thread.threadTs,
        text: kit.text,
        unfurl_links: false,
        ...metadata(meta),
      };
      const ts = await postMessage(args, kit.blocks);
      await upload(thread, safe);
      return ts;
    },
    async post(channel, message) {
      const { kit, message: safe } = render(message);
      const ts = await postMessage({ channel, text: kit.text, unfurl_links: false }, kit.blocks);
      await upload({ channel, threadTs: ts }, safe);
      return ts;
    },
    // The same update twice is the same message: retried freely.
    async update(channel, ts, message, meta) {
      const { kit } = render(message);
      const args = { channel, ts, text: kit.text, ...metadata(meta) };
      await retried("chat.update", () => call("chat.update", args, kit.blocks));
    },
    // An ephemeral cannot be read back: retried on any 5xx, so at worst the one person it is
    // for sees it twice (until they reload), rather than not at all.
    async ephemeral(channel, user, message, threadTs) {
      const { kit } = render(message);
      const args = { channel, user, text: kit.text, ...(threadTs ? { thread_ts: threadTs } : {}) };
      await retried("chat.postEphemeral", () => call("chat.postEphemeral", args, kit.blocks));
    },
  };
}

export { errorCode } from "./slack-error-code.ts";
