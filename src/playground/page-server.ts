// The playground's web page on loopback: a Slack-like channel in the browser. It serves the page
// (page/, TypeScript modules stripped of their types on the way out) and a small JSON API that
// forwards what a person does to the fake Slack's remote control, which signs it as Slack would.
import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { stripTypeScriptTypes } from "node:module";
import { extname, join } from "node:path";
import { z } from "zod";
import { PLAYGROUND_APPROVER, PLAYGROUND_USER } from "../slack/playground-state.ts";

const PAGE_DIR = join(import.meta.dirname, "page");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".ts": "text/javascript; charset=utf-8",
  ".png": "image/png",
};
// Nothing inline, nothing from elsewhere: a string that slipped into markup still could not run.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const PLAYGROUND_PEOPLE = [
  { id: PLAYGROUND_USER, name: "Pat", role: "asks" },
  { id: PLAYGROUND_APPROVER, name: "Alex", role: "approves" },
] as const;

const userId = z.string().regex(/^U[A-Z0-9]{2,}$/);
const saySchema = z.object({
  text: z.string().min(1).max(4000),
  user: userId,
  threadTs: z
    .string()
    .regex(/^\d+\.\d+$/)
    .optional(),
});
const clickSchema = z.object({
  channel: z.string(),
  ts: z.string(),
  actionId: z.string().max(255),
  value: z.string().max(2000),
  user: userId,
});

export interface PageServerOptions {
  // The fake Slack's origin: its /_fake/ remote control.
  slackOrigin: string;
  channel: string;
  botUserId: string;
  port?: number;
}

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

async function loadPage(): Promise<Map<string, { type: string; body: Buffer }>> {
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of await readdir(PAGE_DIR)) {
    const type = TYPES[extname(name)];
    if (!type || name.endsWith(".test.ts")) continue;
    const raw = await readFile(join(PAGE_DIR, name));
    const body = name.endsWith(".ts")
      ? Buffer.from(stripTypeScriptTypes(raw.toString("utf8")))
      : raw;
    files.set(`/${name === "index.html" ? "" : name}`, { type, body });
  }
  return files;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

function send(response: ServerResponse, status: number, type: string, body: Buffer | string): void {
  response.writeHead(status, {
    "content-type": type,
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  });
  response.end(body);
}

const json = (response: ServerResponse, status: number, body: unknown) =>
  send(response, status, "application/json; charset=utf-8", JSON.stringify(body));

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const files = await loadPage();
  const remote = async (path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${options.slackOrigin}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return response.json();
  };
  let origin = "";

  async function api(request: IncomingMessage, response: ServerResponse, path: string) {
    if (path === "/api/session")
      return json(response, 200, {
        channel: options.channel,
        botUserId: options.botUserId,
        people: PLAYGROUND_PEOPLE,
      });
    if (path === "/api/messages")
      return json(
        response,
        200,
        await remote(`/_fake/messages?${new URLSearchParams({ channel: options.channel })}`),
      );
    if (request.method !== "POST")
      return json(response, 405, { ok: false, error: "method_not_allowed" });
    const body = await readJson(request);
    if (path === "/api/say") {
      const say = saySchema.parse(body);
      const command = /^\/helm(\s|$)/.exec(say.text);
      if (command && !say.threadTs)
        return json(
          response,
          200,
          await remote("/_fake/command", {
            text: say.text.slice(5).trim(),
            user: say.user,
            channel: options.channel,
          }),
        );
      const text = say.text.replace(/^@wheelhouse\b\s*/i, "");
      return json(
        response,
        200,
        await remote("/_fake/mention", {
          text,
          user: say.user,
          channel: options.channel,
          ...(say.threadTs ? { threadTs: say.threadTs } : {}),
        }),
      );
    }
    if (path === "/api/click")
      return json(response, 200, await remote("/_fake/click", clickSchema.parse(body)));
    return json(response, 404, { ok: false, error: "not_found" });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://page");
    // Only this origin may drive the bot: another site open in the same browser may not.
    const host = request.headers.host ?? "";
    const from = request.headers.origin;
    if (
      !/^(127\.0\.0\.1|localhost):\d+$/.test(host) ||
      (from !== undefined && from !== origin && from !== origin.replace("127.0.0.1", "localhost"))
    )
      return json(response, 403, { ok: false, error: "forbidden" });
    if (url.pathname.startsWith("/api/")) {
      api(request, response, url.pathname).catch((error: unknown) =>
        error instanceof z.ZodError
          ? json(response, 400, { ok: false, error: "invalid_request" })
          : json(response, 502, { ok: false, error: "slack_unreachable" }),
      );
      return;
    }
    if (url.pathname === "/favicon.ico") return send(response, 204, "image/x-icon", "");
    const file = request.method === "GET" ? files.get(url.pathname) : undefined;
    if (!file) return send(response, 404, "text/plain; charset=utf-8", "not found");
    send(response, 200, file.type, file.body);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("the page server has no TCP address");
  origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
