// Everything the bot says goes through here: a neutral Message rendered to Block Kit, posted,
// updated or shown to one person, with attachments uploaded into the same thread. Each one is
// redacted here, whoever built it, metadata included: a new caller cannot forget.
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;

import type { Log } from "../observe/log.ts";
import { mapStrings, redactMessage } from "../redact/redact-message.ts";
import { redactText } from "../redact/redact-text.ts";
import { type BlockKitMessage, toBlockKit } from "../render/block-kit/to-block-kit.ts";
import type { Message } from "../render/message.ts";

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

export function createSlackOut(client: WebClient, log: Log): SlackOut {
  async function upload(thread: Thread, message: Message): Promise<void> {
    for (const file of message.attachments) {
      try {
        await client.filesUploadV2({
          channel_id: thread.channel,
          thread_ts: thread.threadTs,
          content: file.content,
          filename: file.filename,
          title: file.title,
        });
      } catch (error) {
        // The message itself went out and says what the file holds; a failed upload is logged.
        log("warn", "file upload failed", { code: errorCode(error), filename: file.filename });
      }
    }
  }

  // Blocks go out as one JSON string: the Web API client would otherwise copy and walk every
  // block twice per call (redaction for its debug log, then serialisation), on the event loop
  // that also has to acknowledge Slack's next requests.
  async function call(
    method: string,
    args: Record<string, unknown>,
    blocks: BlockKitMessage["blocks"],
  ): Promise<string> {
    const result = await client.apiCall(method, { ...args, blocks: JSON.stringify(blocks) });
    return "ts" in result && typeof result.ts === "string" ? result.ts : "";
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
      const ts = await call("chat.postMessage", args, kit.blocks);
      await upload(thread, safe);
      return ts;
    },
    async post(channel, message) {
      const { kit, message: safe } = render(message);
      const ts = await call(
        "chat.postMessage",
        { channel, text: kit.text, unfurl_links: false },
        kit.blocks,
      );
      await upload({ channel, threadTs: ts }, safe);
      return ts;
    },
    async update(channel, ts, message, meta) {
      const { kit } = render(message);
      await call("chat.update", { channel, ts, text: kit.text, ...metadata(meta) }, kit.blocks);
    },
    async ephemeral(channel, user, message, threadTs) {
      const { kit } = render(message);
      await call(
        "chat.postEphemeral",
        { channel, user, text: kit.text, ...(threadTs ? { thread_ts: threadTs } : {}) },
        kit.blocks,
      );
    },
  };
}

// Slack API failures carry `data.error` ("not_in_channel"); everything else a Node error code.
export function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const data = "data" in error ? error.data : undefined;
    if (
      typeof data === "object" &&
      data !== null &&
      "error" in data &&
      typeof data.error === "string"
    )
      return data.error;
    if ("code" in error && typeof error.code === "string") return error.code;
  }
  return "unexpected_error";
}
