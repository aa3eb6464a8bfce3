// Hostile chat text sent to the running bot as mentions and /helm commands, and what came back
// checked: HTTP 200, an answer in every thread (never a crash, never a ping), and helm started
// only for reads and plans of releases this channel may touch, with argv that pass the checks.

import type { Inventory } from "../../src/model/release.ts";
import { readRequestText, stripMention } from "../../src/slack/read-request-text.ts";
import { type Harness, textOf } from "../e2e/e2e-support.ts";
import type { HelmRecorder } from "./fuzz-helm-recorder.ts";
import { recordedProblems } from "./fuzz-helm-recorder.ts";
import { type FuzzText, hostileText } from "./fuzz-inputs.ts";
import { runTextCase } from "./fuzz-pipeline.ts";
import { caseRandom, type FuzzSettings } from "./fuzz-random.ts";

// quiet: asked back, refused, or about a release that is not there: no helm but the list.
export type ChatKind = "quiet" | "read" | "plan";

export interface ChatCase {
  text: string;
  kind: ChatKind;
  command: boolean;
}

// Reads and plans run helm (plans dry-run it): a few of each; the rest need no helm.
const QUOTA: Record<ChatKind, number> = { quiet: Number.POSITIVE_INFINITY, read: 12, plan: 8 };
const PINGS = /<!(?:channel|here|everyone|subteam)/;

// Texts name releases of `names`; what the bot will do is read against `inventory`, the
// releases it sees (the whole cluster), since only those in `namespace` are this channel's.
export function chooseChatCases(
  settings: FuzzSettings,
  names: Inventory,
  inventory: Inventory,
  where: { namespace: string; botUserId: string },
): { cases: ChatCase[]; taken: Record<ChatKind, number> } {
  const cases: ChatCase[] = [];
  const taken: Record<ChatKind, number> = { quiet: 0, read: 0, plan: 0 };
  for (let i = 0; cases.length < settings.runs && i < settings.runs * 50; i++) {
    const r = caseRandom(settings.seed, i);
    const input = hostileText(r, names);
    const command = r.chance(0.4);
    const kind = predictKind(input, command, inventory, where);
    if (taken[kind] >= QUOTA[kind]) continue;
    taken[kind]++;
    cases.push({ text: input.text, kind, command });
  }
  return { cases, taken };
}

// The words the analyser gets, as the listeners pass them on: a mention without the bot's own
// mention (and with its spaces collapsed), a command as typed; help and audit need no helm.
function predictKind(
  input: FuzzText,
  command: boolean,
  inventory: Inventory,
  where: { namespace: string; botUserId: string },
): ChatKind {
  const bot = where.botUserId;
  const words = readRequestText(
    command ? input.text : stripMention(`<@${bot}> ${input.text}`, bot),
  );
  if (words.kind !== "text") return "quiet";
  const { outcome, intent } = runTextCase({ ...input, text: words.text }, inventory);
  const here = intent.release?.namespace === where.namespace;
  return (outcome === "read" || outcome === "plan") && here ? outcome : "quiet";
}

export interface BatchResult {
  failures: string[];
  helmCalls: number;
  plans: number;
}

// Sends a batch at once, waits until the bot is idle, then reads every thread it opened.
export async function sendChatBatch(
  h: Harness,
  recorder: HelmRecorder,
  channel: string,
  user: string,
  batch: readonly ChatCase[],
): Promise<BatchResult> {
  const failures: string[] = [];
  const label = batch.map((c) => JSON.stringify(c.text.slice(0, 120))).join(" | ");
  const seen = new Set(h.slack.callsTo("chat.postMessage").map((c) => String(c.response.ts)));
  const sent = await Promise.all(
    batch.map(async (c) => {
      if (c.command)
        return { status: (await h.slack.command(c.text, user, channel)).status, ts: null };
      const { response, ts } = await h.slack.mention(c.text, { user, channel });
      return { status: response.status, ts };
    }),
  );
  await h.bot.app?.idle();
  for (const s of sent) if (s.status !== 200) failures.push(`HTTP ${s.status} for ${label}`);
  // A /helm command's answers go in the thread of the bot's echo of it.
  const echoes = h.slack
    .callsTo("chat.postMessage")
    .filter((c) => !seen.has(String(c.response.ts)) && c.args.thread_ts === undefined)
    .map((c) => String(c.response.ts));
  const commands = sent.filter((s) => s.ts === null).length;
  if (echoes.length !== commands)
    failures.push(`${echoes.length} echoes of ${commands} commands: ${label}`);
  let plans = 0;
  for (const thread of [...sent.flatMap((s) => (s.ts ? [s.ts] : [])), ...echoes]) {
    const replies = h.slack
      .thread(channel, thread)
      .filter((m) => m.user === h.slack.botUserId && m.ts !== thread);
    const texts = replies.map(textOf);
    if (texts.length === 0 || texts.some((t) => t.trim() === ""))
      failures.push(`no answer: ${label}`);
    if (texts.some((t) => /Something went wrong/.test(t)))
      failures.push(`a crash: ${label}: ${texts.join(" / ")}`);
    if (replies.some((m) => PINGS.test(JSON.stringify([m.text, m.blocks]))))
      failures.push(`a ping: ${label}`);
    plans += replies.filter((m) =>
      JSON.stringify(m.metadata ?? "").includes("wheelhouse_plan"),
    ).length;
  }
  const calls = (await recorder.calls()).filter((argv) => argv[0] !== "list");
  if (batch.every((c) => c.kind === "quiet") && calls.length > 0)
    failures.push(`helm ran for ${label}: ${JSON.stringify(calls)}`);
  for (const argv of calls)
    for (const p of recordedProblems(argv)) failures.push(`${p} (for ${label})`);
  await recorder.clear();
  return { failures, helmCalls: calls.length, plans };
}
