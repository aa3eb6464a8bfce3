// A local stand-in for Slack's Web API (https://slack.com/api/), answering the methods Wheelhouse
// calls the way Slack does (HTTP 200 with ok:true|false, ts values, channel ids, form or JSON
// bodies, bearer tokens, Block Kit limits → invalid_blocks), recording every call, and driving
// the bot with signed requests like Slack's own. Tests, the benchmark and the playground use it.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  actsDespiteFault,
  createSlackFaults,
  faultAnswer,
  hangOf,
  type SlackFault,
  type SlackFaults,
} from "./fake-slack-faults.ts";
import { handleRemote } from "./fake-slack-remote.ts";
import {
  asJson,
  createMethods,
  type FakeEphemeral,
  type FakeFile,
  type FakeMessage,
  type FakeWorkspace,
  type Json,
  messageKey,
  storeMessage,
  str,
} from "./fake-slack-workspace.ts";
import {
  type ClickInput,
  imPayload,
  mentionPayload,
  nextTs,
  type SendOptions,
  type SlackResponse,
  type SlackTarget,
  sendClick,
  sendCommand,
  sendEvent,
} from "./slack-requests.ts";

export type { SlackFault, SlackFaults } from "./fake-slack-faults.ts";
export {
  blockErrors,
  type FakeEphemeral,
  type FakeFile,
  type FakeMessage,
} from "./fake-slack-workspace.ts";

export interface RecordedCall {
  method: string;
  args: Json;
  // What the fake answered.
  response: Json;
  at: number;
  // The HTTP status of an injected fault (see `faults`); absent for normal answers.
  status?: number;
}

export interface FakeSlackOptions {
  // The bot token the fake accepts (Authorization: Bearer …). Default "xoxb-fake-token".
  token?: string;
  // The secret the bot verifies requests with. Default: random.
  signingSecret?: string;
  botUserId?: string;
  botId?: string;
  // User-group id → member user ids (usergroups.users.list).
  usergroups?: Record<string, string[]>;
  // Channels the bot is not a member of: posting there answers not_in_channel.
  notInChannels?: string[];
  port?: number;
}

export interface FakeSlack {
  // Web API base URL (SLACK_API_URL / clientOptions.slackApiUrl), with the trailing slash.
  apiUrl: string;
  origin: string;
  token: string;
  signingSecret: string;
  botUserId: string;
  calls: RecordedCall[];
  ephemerals: FakeEphemeral[];
  // Where signed requests go: the bot's /slack/events URL.
  connect(eventsUrl: string): void;
  callsTo(method: string): RecordedCall[];
  message(channel: string, ts: string): FakeMessage | undefined;
  // The message a plan was posted in (its metadata names the plan), newest first.
  findPlanMessage(planId: string): FakeMessage | undefined;
  // The parent and its replies, oldest first.
  thread(channel: string, threadTs: string): FakeMessage[];
  waitFor<T>(
    what: string,
    find: () => T | undefined | null | false,
    timeoutMs?: number,
  ): Promise<T>;
  mention(
    text: string,
    options: { user: string; channel: string; threadTs?: string; eventId?: string },
    send?: SendOptions,
  ): Promise<{ response: SlackResponse; ts: string; eventId: string; payload: Json }>;
  dm(
    text: string,
    options: { user: string; channel: string },
  ): Promise<{ response: SlackResponse; ts: string }>;
  command(text: string, user: string, channel: string, send?: SendOptions): Promise<SlackResponse>;
  click(
    actionId: string,
    value: string,
    user: string,
    message: FakeMessage,
    send?: SendOptions,
  ): Promise<SlackResponse>;
  sendEvent(payload: Json, options?: SendOptions): Promise<SlackResponse>;
  // The same as command() and click(), under the names the issue uses.
  sendCommand(
    text: string,
    user: string,
    channel: string,
    send?: SendOptions,
  ): Promise<SlackResponse>;
  clickButton(
    actionId: string,
    value: string,
    user: string,
    message: FakeMessage,
    send?: SendOptions,
  ): Promise<SlackResponse>;
  setUsergroup(id: string, users: string[]): void;
  // Answers `method` with `answer` instead (checking the token is then up to it), e.g. Socket
  // Mode's apps.connections.open, called with the app-level token (fake-socket-mode.ts).
  handleMethod(method: string, answer: (args: Json, bearer: string) => Json): void;
  // 429s and 5xx answered instead of (or after) acting on a method: fake-slack-faults.ts.
  faults: SlackFaults;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

// WebClient sends form bodies with objects JSON-encoded; some clients send JSON.
function parseArgs(body: Buffer, contentType: string): Json {
  const text = body.toString("utf8");
  if (contentType.includes("application/json")) {
    try {
      return asJson(JSON.parse(text));
    } catch {
      return {};
    }
  }
  const args: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (/^[[{]/.test(value)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON after all: keep the text, as Slack would.
      }
    }
    args[key] = value;
  }
  return args;
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  type = "application/json; charset=utf-8",
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  response.end(text);
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const token = options.token ?? "xoxb-fake-token";
  const signingSecret = options.signingSecret ?? randomBytes(16).toString("hex");
  const botUserId = options.botUserId ?? "U0WHEELBOT";
  const botId = options.botId ?? "B0WHEELBOT";
  const usergroups = new Map(Object.entries(options.usergroups ?? {}));
  const calls: RecordedCall[] = [];
  const messages = new Map<string, FakeMessage>();
  const ephemerals: FakeEphemeral[] = [];
  const uploads = new Map<string, FakeFile>();
  const workspace: FakeWorkspace = {
    botUserId,
    botId,
    origin: () => origin,
    messages,
    ephemerals,
    uploads,
    usergroups,
    notInChannels: new Set(options.notInChannels ?? []),
  };
  const methods = createMethods(workspace);
  const handlers = new Map<string, (args: Json, bearer: string) => Json>();
  const key = messageKey;
  const store = (message: FakeMessage) => storeMessage(workspace, message);
  const responders = new Map<string, { channel: string; user: string; threadTs: string | null }>();
  // A response_url of its own per command or click, remembered with who it answers.
  const responseUrl = (to: { channel: string; user: string; threadTs: string | null }) => {
    const id = randomBytes(4).toString("hex");
    responders.set(id, to);
    return `${origin}/response/${id}`;
  };
  let target: SlackTarget | null = null;
  let origin = "";
  const faults = createSlackFaults();
  // Recorded like any call, then answered with the fault's status instead of the result.
  const sendFault = async (
    response: ServerResponse,
    call: { method: string; args: Json },
    fault: SlackFault,
  ) => {
    const answer = faultAnswer(fault);
    calls.push({ ...call, response: { ok: false }, at: Date.now(), status: answer.status });
    const hang = hangOf(fault);
    if (hang > 0) await new Promise((resolve) => setTimeout(resolve, hang).unref());
    if (!response.socket || response.socket.destroyed) return;
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const body = await readBody(request);
    if (request.method === "POST" && url.pathname.startsWith("/upload/")) {
      const upload = uploads.get(url.pathname.slice("/upload/".length));
      if (!upload) return send(response, 404, "not found", "text/plain");
      const fault = faults.take("file_upload");
      if (actsDespiteFault(fault)) upload.content = body.toString("utf8");
      if (fault) return sendFault(response, { method: "file_upload", args: {} }, fault);
      return send(response, 200, `OK - ${body.length}`, "text/plain");
    }
    if (request.method === "POST" && url.pathname.startsWith("/response/")) {
      const args = parseArgs(body, request.headers["content-type"] ?? "");
      const fault = faults.take("response_url");
      if (!fault)
        calls.push({ method: "response_url", args, response: { ok: true }, at: Date.now() });
      // What Slack shows for it: an ephemeral to whoever typed or clicked (or, in_channel, a message).
      const to = responders.get(url.pathname.slice("/response/".length));
      if (fault && !actsDespiteFault(fault))
        return sendFault(response, { method: "response_url", args }, fault);
      if (to && (str(args.text) !== "" || Array.isArray(args.blocks))) {
        const blocks = Array.isArray(args.blocks) ? args.blocks : [];
        if (args.response_type === "in_channel")
          store({
            ...to,
            ts: nextTs(),
            user: botUserId,
            text: str(args.text),
            blocks,
            metadata: null,
            files: [],
            edits: 0,
          });
        else ephemerals.push({ ...to, text: str(args.text), blocks });
      }
      if (fault) return sendFault(response, { method: "response_url", args }, fault);
      return send(response, 200, "ok", "text/plain");
    }
    // The playground's remote control (`wheelhouse say` / `click`, the browser page).
    const reply = (status: number, answer: unknown) => send(response, status, answer);
    const remoteArgs =
      request.method === "POST" ? parseArgs(body, request.headers["content-type"] ?? "") : {};
    if (await handleRemote(api, workspace, request.method ?? "GET", url, remoteArgs, reply)) return;
    const method = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname)?.[1];
    if (request.method !== "POST" || !method)
      return send(response, 404, { ok: false, error: "unknown_method" });
    const args = parseArgs(body, request.headers["content-type"] ?? "");
    const bearer =
      /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? str(args.token);
    const handler = handlers.get(method);
    const fault = faults.take(method);
    if (fault && !actsDespiteFault(fault)) return sendFault(response, { method, args }, fault);
    let answer: Json;
    if (handler) answer = handler(args, bearer);
    else if (bearer === "") answer = { ok: false, error: "not_authed" };
    else if (bearer !== token) answer = { ok: false, error: "invalid_auth" };
    else answer = methods[method]?.(args) ?? { ok: false, error: "unknown_method" };
    if (fault) return sendFault(response, { method, args }, fault);
    calls.push({ method, args, response: answer, at: Date.now() });
    send(response, 200, answer);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      send(response, 500, { ok: false, error: "fatal_error", detail: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("the fake Slack server has no TCP address");
  origin = `http://127.0.0.1:${address.port}`;

  function requireTarget(): SlackTarget {
    if (!target) throw new Error("fake Slack: connect(eventsUrl) first");
    return target;
  }

  const api: FakeSlack = {
    apiUrl: `${origin}/api/`,
    origin,
    token,
    signingSecret,
    botUserId,
    calls,
    ephemerals,
    connect(eventsUrl) {
      target = { url: eventsUrl, signingSecret };
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    message: (channel, ts) => messages.get(key(channel, ts)),
    findPlanMessage(planId) {
      const named = (m: FakeMessage) => {
        const meta = asJson(m.metadata);
        return (
          meta.event_type === "wheelhouse_plan" && asJson(meta.event_payload).plan_id === planId
        );
      };
      return [...messages.values()].reverse().find(named);
    },
    thread(channel, threadTs) {
      return [...messages.values()]
        .filter((m) => m.channel === channel && (m.ts === threadTs || m.threadTs === threadTs))
        .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    },
    async waitFor(what, find, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find();
        if (found !== undefined && found !== null && found !== false) return found;
        if (Date.now() > deadline)
          throw new Error(`fake Slack: timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async mention(text, o, sendOptions = {}) {
      const payload = mentionPayload({
        text,
        user: o.user,
        channel: o.channel,
        botUserId,
        ...(o.threadTs ? { threadTs: o.threadTs } : {}),
        ...(o.eventId ? { eventId: o.eventId } : {}),
      });
      const event = asJson(payload.event);
      const ts = str(event.ts);
      store({
        channel: o.channel,
        ts,
        threadTs: o.threadTs ?? null,
        user: o.user,
        text: str(event.text),
        blocks: [],
        metadata: null,
        files: [],
        edits: 0,
      });
      const response = await sendEvent(requireTarget(), payload, sendOptions);
      return { response, ts, eventId: str(payload.event_id), payload };
    },
    async dm(text, o) {
      const payload = imPayload({ text, user: o.user, channel: o.channel, botUserId });
      const ts = str(asJson(payload.event).ts);
      store({
        channel: o.channel,
        ts,
        threadTs: null,
        user: o.user,
        text,
        blocks: [],
        metadata: null,
        files: [],
        edits: 0,
      });
      return { response: await sendEvent(requireTarget(), payload), ts };
    },
    command: (text, user, channel, sendOptions = {}) =>
      sendCommand(
        requireTarget(),
        {
          text,
          user,
          channel,
          responseUrl: responseUrl({ channel, user, threadTs: null }),
        },
        sendOptions,
      ),
    click(actionId, value, user, message, sendOptions = {}) {
      const input: ClickInput = {
        actionId,
        value,
        user,
        message: {
          channel: message.channel,
          ts: message.ts,
          threadTs: message.threadTs,
          text: message.text,
          blocks: message.blocks,
        },
        responseUrl: responseUrl({
          channel: message.channel,
          user,
          threadTs: message.threadTs ?? message.ts,
        }),
      };
      return sendClick(requireTarget(), input, sendOptions);
    },
    sendEvent: (payload, sendOptions = {}) => sendEvent(requireTarget(), payload, sendOptions),
    sendCommand: (text, user, channel, sendOptions) =>
      api.command(text, user, channel, sendOptions),
    clickButton: (actionId, value, user, message, sendOptions) =>
      api.click(actionId, value, user, message, sendOptions),
    setUsergroup(id, users) {
      usergroups.set(id, users);
    },
    handleMethod(method, answer) {
      handlers.set(method, answer);
    },
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}
