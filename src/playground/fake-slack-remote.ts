// The fake Slack's remote control (/_fake/…): what a person does in a Slack client — mention the
// bot, type `/helm …`, click a button — turned into the signed requests Slack would send, and
// what the channel shows, read back. `wheelhouse say` / `click` and the browser page use it.
import type { FakeSlack } from "./fake-slack-api.ts";
import {
  type FakeMessage,
  type FakeWorkspace,
  type Json,
  messageKey,
  str,
} from "./fake-slack-workspace.ts";

type Reply = (status: number, body: unknown) => void;

function location(message: FakeMessage): Json {
  return { channel: message.channel, ts: message.ts, threadTs: message.threadTs ?? message.ts };
}

// The message a click is on: named by channel and ts (any button), or by the plan it shows.
function clickedMessage(api: FakeSlack, w: FakeWorkspace, args: Json): FakeMessage | undefined {
  const ts = str(args.ts);
  if (ts !== "") return w.messages.get(messageKey(str(args.channel), ts));
  return api.findPlanMessage(str(args.planId));
}

async function post(api: FakeSlack, w: FakeWorkspace, path: string, args: Json, reply: Reply) {
  if (path === "/_fake/mention") {
    const threadTs = str(args.threadTs);
    const sent = await api.mention(str(args.text), {
      user: str(args.user),
      channel: str(args.channel),
      ...(threadTs ? { threadTs } : {}),
    });
    const ok = sent.response.status === 200;
    return reply(200, {
      ok,
      status: sent.response.status,
      ts: sent.ts,
      channel: str(args.channel),
    });
  }
  if (path === "/_fake/command") {
    const sent = await api.command(str(args.text), str(args.user), str(args.channel));
    return reply(200, { ok: sent.status === 200, status: sent.status });
  }
  if (path === "/_fake/click") {
    const message = clickedMessage(api, w, args);
    if (!message) return reply(200, { ok: false, error: "message_not_found" });
    const value = str(args.value) === "" ? str(args.planId) : str(args.value);
    const clicked = await api.click(str(args.actionId), value, str(args.user), message);
    return reply(200, { ok: clicked.status === 200, status: clicked.status, ...location(message) });
  }
  return reply(404, { ok: false, error: "unknown_method" });
}

function get(api: FakeSlack, w: FakeWorkspace, url: URL, reply: Reply) {
  const path = url.pathname;
  if (path === "/_fake/calls") {
    const method = url.searchParams.get("method");
    return reply(200, { ok: true, calls: method ? api.callsTo(method) : api.calls });
  }
  if (path === "/_fake/plan") {
    const message = api.findPlanMessage(url.searchParams.get("plan_id") ?? "");
    if (!message) return reply(200, { ok: false, error: "plan_not_found" });
    return reply(200, { ok: true, ...location(message) });
  }
  if (path === "/_fake/messages") {
    const channel = url.searchParams.get("channel") ?? "";
    const thread = url.searchParams.get("thread_ts") ?? "";
    return reply(200, {
      ok: true,
      messages: thread
        ? api.thread(channel, thread)
        : [...w.messages.values()].filter((m) => m.channel === channel),
      ephemerals: w.ephemerals.filter((e) => e.channel === channel),
    });
  }
  return reply(404, { ok: false, error: "unknown_method" });
}

// Answers a /_fake/ request; false when the path is not the remote control's.
export async function handleRemote(
  api: FakeSlack,
  w: FakeWorkspace,
  method: string,
  url: URL,
  args: Json,
  reply: Reply,
): Promise<boolean> {
  if (!url.pathname.startsWith("/_fake/")) return false;
  if (method === "POST") await post(api, w, url.pathname, args, reply);
  else get(api, w, url, reply);
  return true;
}
