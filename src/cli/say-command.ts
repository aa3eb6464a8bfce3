// `wheelhouse say "<text>" [--as U…] [--channel C…] [--thread TS]`: the playground's chat box.
// The fake Slack beside a running `wheelhouse start` sends the bot a signed app_mention; the
// bot's replies in the thread are printed as text as they arrive.
import { parseArgs } from "node:util";
import { z } from "zod";
import { redactRequestText } from "../redact/redact-request-text.ts";
import { blockKitToText } from "../render/block-kit/block-kit-to-text.ts";
import {
  PLAYGROUND_APPROVER,
  PLAYGROUND_USER,
  type PlaygroundState,
  playgroundStatePath,
  readPlaygroundState,
} from "../slack/playground-state.ts";

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const messageSchema = z.object({
  ts: z.string(),
  user: z.string(),
  text: z.string(),
  blocks: z.array(z.unknown()),
  metadata: z.unknown(),
  edits: z.number(),
  files: z.array(z.object({ filename: z.string() })),
});
const threadSchema = z.object({
  messages: z.array(messageSchema),
  ephemerals: z.array(
    z.object({
      user: z.string(),
      text: z.string(),
      blocks: z.array(z.unknown()),
      threadTs: z.string().nullable(),
    }),
  ),
});
export type ThreadMessage = z.infer<typeof messageSchema>;
export type ThreadSnapshot = z.infer<typeof threadSchema>;

const metaSchema = z.object({
  event_type: z.string(),
  event_payload: z.object({ plan_id: z.string(), state: z.string() }),
});

export function metaOf(
  message: ThreadMessage,
): { type: string; planId: string; state: string } | null {
  const parsed = metaSchema.safeParse(message.metadata);
  return parsed.success
    ? {
        type: parsed.data.event_type,
        planId: parsed.data.event_payload.plan_id,
        state: parsed.data.event_payload.state,
      }
    : null;
}

export async function fetchThread(
  state: PlaygroundState,
  channel: string,
  threadTs: string,
): Promise<ThreadSnapshot> {
  const url = `${state.slackOrigin}/_fake/messages?${new URLSearchParams({ channel, thread_ts: threadTs })}`;
  return threadSchema.parse(await (await fetch(url)).json());
}

export async function postToFake(
  state: PlaygroundState,
  path: string,
  body: Record<string, string>,
): Promise<unknown> {
  const response = await fetch(`${state.slackOrigin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return response.json();
}

export interface WatchOptions {
  // Stop once this holds (and the thread has been quiet for quietMs).
  done: (snapshot: ThreadSnapshot) => boolean;
  quietMs: number;
  timeoutMs: number;
  user: string;
  // Versions already printed (ts → edits), so a watch can start after earlier output.
  seen?: Map<string, number>;
  ephemeralsSeen?: number;
}

// Prints new and edited bot messages (and ephemerals for `user`) until `done` and quiet.
export async function watchThread(
  state: PlaygroundState,
  channel: string,
  threadTs: string,
  io: Io,
  options: WatchOptions,
): Promise<ThreadSnapshot> {
  const seen = options.seen ?? new Map<string, number>();
  let ephemerals = options.ephemeralsSeen ?? 0;
  const deadline = Date.now() + options.timeoutMs;
  let lastChange = Date.now();
  for (;;) {
    const snapshot = await fetchThread(state, channel, threadTs);
    for (const m of snapshot.messages) {
      if (m.user !== state.botUserId || seen.get(m.ts) === m.edits) continue;
      const label = seen.has(m.ts) ? "wheelhouse (updated)" : "wheelhouse";
      seen.set(m.ts, m.edits);
      lastChange = Date.now();
      const files = m.files.map((f) => `\n[attached: ${f.filename}]`).join("");
      io.stdout(`\n── ${label}\n${blockKitToText(m.blocks, m.text)}${files}`);
    }
    const mine = snapshot.ephemerals.filter(
      (e) => e.user === options.user && (e.threadTs === null || e.threadTs === threadTs),
    );
    for (const e of mine.slice(ephemerals)) {
      lastChange = Date.now();
      io.stdout(`\n── wheelhouse (only you can see this)\n${blockKitToText(e.blocks, e.text)}`);
    }
    ephemerals = Math.max(ephemerals, mine.length);
    if (options.done(snapshot) && Date.now() - lastChange >= options.quietMs) return snapshot;
    if (Date.now() > deadline) {
      io.stderr(
        `\nwheelhouse: still waiting after ${Math.round(options.timeoutMs / 1000)} s; the thread goes on in the playground.`,
      );
      return snapshot;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function planHints(snapshot: ThreadSnapshot, approver: string): string[] {
  return snapshot.messages
    .map(metaOf)
    .filter((m) => m?.type === "wheelhouse_plan" && m.state === "awaiting_approval")
    .map(
      (m) =>
        `→ approve: npm run wheelhouse -- click approve ${m?.planId} --as ${approver}   (or: click reject ${m?.planId})`,
    );
}

const sayResultSchema = z.object({
  ok: z.boolean(),
  status: z.number(),
  ts: z.string(),
  channel: z.string(),
});

export async function sayCommand(
  args: string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      as: { type: "string" },
      channel: { type: "string" },
      thread: { type: "string" },
      timeout: { type: "string" },
    },
  });
  const text = positionals.join(" ").trim();
  if (text === "") {
    io.stderr(
      'usage: wheelhouse say "<text>" [--as U123] [--channel C123] [--thread TS] [--timeout SECONDS]',
    );
    return 2;
  }
  const state = await readPlaygroundState(playgroundStatePath(env));
  const user = values.as ?? PLAYGROUND_USER;
  const channel = values.channel ?? state.channel;
  const sent = sayResultSchema.parse(
    await postToFake(state, "/_fake/mention", {
      text,
      user,
      channel,
      ...(values.thread ? { threadTs: values.thread } : {}),
    }),
  );
  if (!sent.ok) {
    io.stderr(`wheelhouse: the bot answered HTTP ${sent.status} to the mention`);
    return 1;
  }
  const threadTs = values.thread ?? sent.ts;
  // The words as typed may hold a secret ("set auth.password=…"): echoed redacted, like Slack's echo.
  io.stdout(`${user} in ${channel}: @wheelhouse ${redactRequestText(text)}   (thread ${threadTs})`);
  const working = (m: ThreadMessage) => /^Planning /.test(m.text) || metaOf(m)?.state === "running";
  const snapshot = await watchThread(state, channel, threadTs, io, {
    user,
    quietMs: 1500,
    timeoutMs: Number(values.timeout ?? 180) * 1000,
    done: (s) =>
      s.messages.some((m) => m.user === state.botUserId && m.ts > sent.ts) &&
      !s.messages.some(working),
  });
  for (const hint of planHints(snapshot, PLAYGROUND_APPROVER)) io.stdout(`\n${hint}`);
  return 0;
}
