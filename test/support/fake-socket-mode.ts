// Slack's Socket Mode on loopback, next to the fake Web API: apps.connections.open (with the
// app-level token) hands out a ws:// URL to a local WebSocket server that greets the client with
// `hello`, sends envelopes (events_api, slash_commands, interactive) the way Slack does, and
// records what the client sends back, its acks ({ envelope_id, payload }) above all.
// The protocol: https://api.slack.com/apis/socket-mode
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { FakeSlack } from "./fake-slack-api.ts";
import { asJson, type Json, str } from "./fake-slack-workspace.ts";
import {
  blockActionsForm,
  type ClickInput,
  commandForm,
  mentionPayload,
} from "./slack-requests.ts";

type WsSocket = WebSocket;
const OPEN = WebSocket.OPEN;

export interface SentEnvelope {
  envelopeId: string;
  // The client's acknowledgement of this envelope: { envelope_id, payload }.
  acked: Promise<Json>;
}

export interface FakeSocketMode {
  appToken: string;
  appId: string;
  // Every apps.connections.open answered with a URL, and every WebSocket the client opened.
  opened: number;
  connections: number;
  // What the client sent on the socket, parsed, oldest first.
  received: Json[];
  // Resolves once a client is connected and greeted with `hello`.
  connected(timeoutMs?: number): Promise<void>;
  sendEnvelope(
    type: "events_api" | "slash_commands" | "interactive",
    payload: Json,
    options?: { acceptsResponsePayload?: boolean; retryAttempt?: number; retryReason?: string },
  ): SentEnvelope;
  // An app_mention event_callback as events_api; `ts` is the mention's (the thread it opens).
  mention(
    text: string,
    options: { user: string; channel: string; threadTs?: string },
  ): SentEnvelope & { ts: string; eventId: string };
  // A /helm command as slash_commands (the form fields, as JSON).
  command(text: string, user: string, channel: string): SentEnvelope;
  // A button click as interactive (the block_actions payload).
  click(input: ClickInput): SentEnvelope;
  ackOf(envelopeId: string, timeoutMs?: number): Promise<Json>;
  // Slack's `disconnect` message (e.g. refresh_requested): the client should reconnect.
  requestDisconnect(reason?: string): void;
  // Resolves when no client socket is open any more.
  disconnected(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function within<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`fake Socket Mode: timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function startFakeSocketMode(
  slack: FakeSlack,
  options: { appToken?: string; appId?: string } = {},
): Promise<FakeSocketMode> {
  const appToken = options.appToken ?? `xapp-1-A0FAKE-${randomBytes(6).toString("hex")}`;
  const appId = options.appId ?? "A0FAKE";
  const tickets = new Set<string>();
  const received: Json[] = [];
  const ackWaiters = new Map<string, (ack: Json) => void>();
  const acks = new Map<string, Json>();
  const stateWaiters = new Set<() => void>();
  const changed = () => {
    for (const wake of stateWaiters) wake();
  };
  const waitUntil = (what: string, test: () => boolean, timeoutMs: number) => {
    if (test()) return Promise.resolve();
    let wake = () => {};
    const reached = new Promise<void>((resolve) => {
      wake = () => {
        if (test()) resolve();
      };
      stateWaiters.add(wake);
    });
    return within(what, reached, timeoutMs).finally(() => stateWaiters.delete(wake));
  };

  const wss = new WebSocketServer({ noServer: true });
  const greeted = new Set<WsSocket>();
  const server: Server = createServer((_request, response) => {
    response.writeHead(426, { "content-type": "text/plain" });
    response.end("upgrade required");
  });
  // Slack's URL is wss://…/link/?ticket=…&app_id=…; a ticket is good for one connection.
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "ws://fake");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== "/link/" || !tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      api.connections += 1;
      ws.on("message", (data, isBinary) => {
        if (isBinary) return;
        let message: Json;
        try {
          message = asJson(JSON.parse(data.toString("utf8")));
        } catch {
          return;
        }
        received.push(message);
        const id = str(message.envelope_id);
        if (id && !acks.has(id)) {
          acks.set(id, message);
          ackWaiters.get(id)?.(message);
          ackWaiters.delete(id);
        }
      });
      ws.on("close", () => {
        greeted.delete(ws);
        changed();
      });
      ws.send(
        JSON.stringify({
          type: "hello",
          num_connections: 1,
          debug_info: {
            host: "applink-fake-1",
            build_number: 1,
            approximate_connection_time: 18060,
          },
          connection_info: { app_id: appId },
        }),
      );
      greeted.add(ws);
      changed();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("the fake Socket Mode server has no TCP address");
  const base = `ws://127.0.0.1:${address.port}`;

  slack.handleMethod("apps.connections.open", (_args, bearer) => {
    if (bearer === "") return { ok: false, error: "not_authed" };
    if (bearer.startsWith("xoxb-") || bearer.startsWith("xoxp-"))
      return { ok: false, error: "not_allowed_token_type" };
    if (bearer !== appToken) return { ok: false, error: "invalid_auth" };
    const ticket = randomBytes(16).toString("hex");
    tickets.add(ticket);
    api.opened += 1;
    return { ok: true, url: `${base}/link/?ticket=${ticket}&app_id=${appId}` };
  });

  const open = () => [...greeted].filter((ws) => ws.readyState === OPEN);

  function ackOf(envelopeId: string, timeoutMs = 10_000): Promise<Json> {
    const known = acks.get(envelopeId);
    if (known) return Promise.resolve(known);
    const acked = new Promise<Json>((resolve) => ackWaiters.set(envelopeId, resolve));
    return within(`the ack of envelope ${envelopeId}`, acked, timeoutMs);
  }

  const api: FakeSocketMode = {
    appToken,
    appId,
    opened: 0,
    connections: 0,
    received,
    connected: (timeoutMs = 10_000) =>
      waitUntil("a Socket Mode connection", () => open().length > 0, timeoutMs),
    sendEnvelope(type, payload, o = {}) {
      const ws = open()[0];
      if (!ws) throw new Error("fake Socket Mode: no client is connected");
      const envelopeId = crypto.randomUUID();
      const envelope: Json = {
        envelope_id: envelopeId,
        type,
        accepts_response_payload: o.acceptsResponsePayload ?? false,
        payload,
      };
      if (type === "events_api") {
        envelope.retry_attempt = o.retryAttempt ?? 0;
        envelope.retry_reason = o.retryReason ?? "";
      }
      const acked = ackOf(envelopeId);
      // Nobody may be awaiting it yet: keep a timeout from being an unhandled rejection.
      acked.catch(() => {});
      ws.send(JSON.stringify(envelope));
      return { envelopeId, acked };
    },
    mention(text, o) {
      const payload = mentionPayload({
        text,
        user: o.user,
        channel: o.channel,
        botUserId: slack.botUserId,
        ...(o.threadTs ? { threadTs: o.threadTs } : {}),
      });
      const sent = api.sendEnvelope("events_api", { ...payload, api_app_id: appId });
      return { ...sent, ts: str(asJson(payload.event).ts), eventId: str(payload.event_id) };
    },
    command(text, user, channel) {
      const fields = Object.fromEntries(
        new URLSearchParams(
          commandForm({
            text,
            user,
            channel,
            responseUrl: `${slack.origin}/response/${randomBytes(4).toString("hex")}`,
          }),
        ),
      );
      return api.sendEnvelope(
        "slash_commands",
        { ...fields, api_app_id: appId },
        { acceptsResponsePayload: true },
      );
    },
    click(input) {
      const form = new URLSearchParams(
        blockActionsForm({
          ...input,
          responseUrl:
            input.responseUrl ?? `${slack.origin}/response/${randomBytes(4).toString("hex")}`,
        }),
      );
      const payload = asJson(JSON.parse(form.get("payload") ?? "{}"));
      return api.sendEnvelope("interactive", { ...payload, api_app_id: appId });
    },
    ackOf,
    requestDisconnect(reason = "refresh_requested") {
      for (const ws of open())
        ws.send(
          JSON.stringify({
            type: "disconnect",
            reason,
            debug_info: { host: "applink-fake-1" },
          }),
        );
    },
    disconnected: (timeoutMs = 10_000) =>
      waitUntil("the Socket Mode client to disconnect", () => open().length === 0, timeoutMs),
    async close() {
      await api.disconnected(2000).catch(() => {});
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
