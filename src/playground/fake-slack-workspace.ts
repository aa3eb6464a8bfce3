// The fake Slack workspace behind the Web API: messages, ephemerals, files and user groups, and
// one function per Web API method answering the way Slack does (ok:false with Slack's error
// codes, invalid_blocks for what breaks Block Kit's limits).
import { randomBytes } from "node:crypto";
import { nextTs, TEAM_ID } from "./slack-requests.ts";

export type Json = Record<string, unknown>;

export interface FakeFile {
  id: string;
  filename: string;
  title: string;
  content: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  threadTs: string | null;
  user: string;
  text: string;
  blocks: unknown[];
  metadata: unknown;
  files: FakeFile[];
  // How many times chat.update changed it.
  edits: number;
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  threadTs: string | null;
  text: string;
  blocks: unknown[];
}

const LIMITS = {
  blocks: 50,
  section: 3000,
  header: 150,
  fields: 10,
  field: 2000,
  actions: 25,
  buttonText: 75,
  buttonValue: 2000,
};

export function asJson(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : {};
}

export const str = (value: unknown): string =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : "";

// Slack's own validation of blocks, reduced to the limits the renderer promises to respect.
export function blockErrors(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ["blocks must be an array"];
  const errors: string[] = [];
  if (blocks.length > LIMITS.blocks)
    errors.push(`no more than ${LIMITS.blocks} items allowed [json-pointer:/blocks]`);
  blocks.forEach((raw, i) => {
    const b = asJson(raw);
    const text = str(asJson(b.text).text);
    if (b.type === "header" && text.length > LIMITS.header)
      errors.push(
        `must be less than ${LIMITS.header + 1} characters [json-pointer:/blocks/${i}/text]`,
      );
    if (b.type === "section" && text.length > LIMITS.section)
      errors.push(
        `must be less than ${LIMITS.section + 1} characters [json-pointer:/blocks/${i}/text]`,
      );
    if (b.type === "section" && Array.isArray(b.fields)) {
      if (b.fields.length > LIMITS.fields)
        errors.push(
          `no more than ${LIMITS.fields} items allowed [json-pointer:/blocks/${i}/fields]`,
        );
      for (const f of b.fields)
        if (str(asJson(f).text).length > LIMITS.field)
          errors.push(`field too long [json-pointer:/blocks/${i}/fields]`);
    }
    if (b.type === "actions" && Array.isArray(b.elements)) {
      if (b.elements.length > LIMITS.actions)
        errors.push(
          `no more than ${LIMITS.actions} items allowed [json-pointer:/blocks/${i}/elements]`,
        );
      for (const e of b.elements.map(asJson)) {
        if (str(e.value).length > LIMITS.buttonValue)
          errors.push(`value too long [json-pointer:/blocks/${i}/elements]`);
        if (str(asJson(e.text).text).length > LIMITS.buttonText)
          errors.push(`text too long [json-pointer:/blocks/${i}/elements]`);
      }
    }
  });
  return errors;
}

export interface FakeWorkspace {
  botUserId: string;
  botId: string;
  // Base of the upload URLs files.getUploadURLExternal hands out.
  origin: () => string;
  messages: Map<string, FakeMessage>;
  ephemerals: FakeEphemeral[];
  uploads: Map<string, FakeFile>;
  usergroups: Map<string, string[]>;
  notInChannels: Set<string>;
}

export const messageKey = (channel: string, ts: string) => `${channel} ${ts}`;

export function storeMessage(w: FakeWorkspace, message: FakeMessage): FakeMessage {
  w.messages.set(messageKey(message.channel, message.ts), message);
  return message;
}

function channelError(w: FakeWorkspace, channel: string): string | null {
  if (!/^[CDG][A-Z0-9]{2,}$/.test(channel)) return "channel_not_found";
  if (w.notInChannels.has(channel)) return "not_in_channel";
  return null;
}

function textOrBlocksError(args: Json): Json | null {
  if (args.blocks !== undefined) {
    const errors = blockErrors(args.blocks);
    if (errors.length > 0) return { ok: false, error: "invalid_blocks", errors };
  }
  if (str(args.text) === "" && !Array.isArray(args.blocks)) return { ok: false, error: "no_text" };
  return null;
}

function asSlackMessage(m: FakeMessage): Json {
  return {
    type: "message",
    user: m.user,
    text: m.text,
    ts: m.ts,
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    blocks: m.blocks,
    files: m.files.map((f) => ({ id: f.id, name: f.filename, title: f.title })),
  };
}

export function createMethods(w: FakeWorkspace): Record<string, (args: Json) => Json> {
  const { botUserId, botId, messages, ephemerals, uploads, usergroups, notInChannels } = w;
  const key = messageKey;
  const store = (message: FakeMessage) => storeMessage(w, message);
  return {
    "auth.test": () => ({
      ok: true,
      url: "https://wheelhouse-dev.slack.com/",
      team: "wheelhouse-dev",
      user: "wheelhouse",
      team_id: TEAM_ID,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),
    "chat.postMessage": (args) => {
      const channel = str(args.channel);
      const error = channelError(w, channel) ?? null;
      if (error) return { ok: false, error };
      const invalid = textOrBlocksError(args);
      if (invalid) return invalid;
      const threadTs = str(args.thread_ts);
      if (threadTs !== "" && !messages.has(key(channel, threadTs))) {
        // Slack accepts replies to messages it has; the fake learns parents it never saw.
        store({
          channel,
          ts: threadTs,
          threadTs: null,
          user: "U0UNKNOWN",
          text: "",
          blocks: [],
          metadata: null,
          files: [],
          edits: 0,
        });
      }
      const message = store({
        channel,
        ts: nextTs(),
        threadTs: threadTs === "" ? null : threadTs,
        user: botUserId,
        text: str(args.text),
        blocks: Array.isArray(args.blocks) ? args.blocks : [],
        metadata: args.metadata ?? null,
        files: [],
        edits: 0,
      });
      return {
        ok: true,
        channel,
        ts: message.ts,
        message: {
          type: "message",
          user: botUserId,
          bot_id: botId,
          text: message.text,
          ts: message.ts,
          thread_ts: message.threadTs ?? undefined,
          blocks: message.blocks,
        },
      };
    },
    "chat.update": (args) => {
      const channel = str(args.channel);
      const existing = messages.get(key(channel, str(args.ts)));
      if (!existing) return { ok: false, error: "message_not_found" };
      if (existing.user !== botUserId) return { ok: false, error: "cant_update_message" };
      const invalid = textOrBlocksError(args);
      if (invalid) return invalid;
      existing.text = str(args.text);
      if (Array.isArray(args.blocks)) existing.blocks = args.blocks;
      if (args.metadata !== undefined) existing.metadata = args.metadata;
      existing.edits++;
      return {
        ok: true,
        channel,
        ts: existing.ts,
        text: existing.text,
        message: { text: existing.text, blocks: existing.blocks },
      };
    },
    "chat.postEphemeral": (args) => {
      const channel = str(args.channel);
      const error = channelError(w, channel);
      if (error) return { ok: false, error };
      const invalid = textOrBlocksError(args);
      if (invalid) return invalid;
      const threadTs = str(args.thread_ts);
      ephemerals.push({
        channel,
        user: str(args.user),
        threadTs: threadTs === "" ? null : threadTs,
        text: str(args.text),
        blocks: Array.isArray(args.blocks) ? args.blocks : [],
      });
      return { ok: true, message_ts: nextTs() };
    },
    "chat.getPermalink": (args) => {
      const channel = str(args.channel);
      const ts = str(args.message_ts);
      if (!messages.has(key(channel, ts))) return { ok: false, error: "message_not_found" };
      return {
        ok: true,
        channel,
        permalink: `https://wheelhouse-dev.slack.com/archives/${channel}/p${ts.replace(".", "")}`,
      };
    },
    "conversations.info": (args) => {
      const channel = str(args.channel);
      if (!/^[CDG][A-Z0-9]{2,}$/.test(channel)) return { ok: false, error: "channel_not_found" };
      return {
        ok: true,
        channel: {
          id: channel,
          name: channel.toLowerCase(),
          is_channel: channel.startsWith("C"),
          is_im: channel.startsWith("D"),
          is_member: !notInChannels.has(channel),
        },
      };
    },
    "users.info": (args) => {
      const user = str(args.user);
      if (!/^[UW][A-Z0-9]{2,}$/.test(user)) return { ok: false, error: "user_not_found" };
      return {
        ok: true,
        user: {
          id: user,
          team_id: TEAM_ID,
          name: user.toLowerCase(),
          real_name: user,
          is_bot: user === botUserId,
          tz: "Etc/UTC",
        },
      };
    },
    // What Slack returns of a message (as the bot, with the history scopes): enough for the
    // bot to find a post of its own whose answer was lost.
    "conversations.replies": (args) => {
      const channel = str(args.channel);
      const parent = str(args.ts);
      if (!messages.has(key(channel, parent))) return { ok: false, error: "thread_not_found" };
      const oldest = str(args.oldest);
      const thread = [...messages.values()]
        .filter((m) => m.channel === channel && (m.ts === parent || m.threadTs === parent))
        .filter((m) => m.ts === parent || oldest === "" || m.ts >= oldest)
        .sort((a, b) => (a.ts < b.ts ? -1 : 1));
      return { ok: true, messages: thread.map(asSlackMessage), has_more: false };
    },
    "conversations.history": (args) => {
      const channel = str(args.channel);
      const error = channelError(w, channel);
      if (error) return { ok: false, error };
      const oldest = str(args.oldest);
      const top = [...messages.values()]
        .filter((m) => m.channel === channel && m.threadTs === null)
        .filter((m) => oldest === "" || m.ts >= oldest)
        .sort((a, b) => (a.ts < b.ts ? 1 : -1));
      return { ok: true, messages: top.map(asSlackMessage), has_more: false };
    },
    "usergroups.users.list": (args) => {
      const users = usergroups.get(str(args.usergroup));
      return users ? { ok: true, users } : { ok: false, error: "no_such_subteam" };
    },
    "files.getUploadURLExternal": (args) => {
      const filename = str(args.filename);
      if (filename === "" || str(args.length) === "")
        return { ok: false, error: "invalid_arguments" };
      const id = `F${randomBytes(5).toString("hex").toUpperCase()}`;
      uploads.set(id, { id, filename, title: filename, content: "" });
      return { ok: true, upload_url: `${w.origin()}/upload/${id}`, file_id: id };
    },
    "files.completeUploadExternal": (args) => {
      const files = Array.isArray(args.files) ? args.files.map(asJson) : [];
      const done: FakeFile[] = [];
      for (const f of files) {
        const upload = uploads.get(str(f.id));
        if (!upload) return { ok: false, error: "file_not_found" };
        if (str(f.title) !== "") upload.title = str(f.title);
        done.push(upload);
      }
      const channel = str(args.channel_id);
      if (channel !== "") {
        const threadTs = str(args.thread_ts);
        store({
          channel,
          ts: nextTs(),
          threadTs: threadTs === "" ? null : threadTs,
          user: botUserId,
          text: str(args.initial_comment),
          blocks: [],
          metadata: null,
          files: done,
          edits: 0,
        });
      }
      return { ok: true, files: done.map((f) => ({ id: f.id, title: f.title, name: f.filename })) };
    },
  };
}
