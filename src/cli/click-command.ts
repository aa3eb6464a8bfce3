// `wheelhouse click approve|reject <planId> [--as U…]`: clicks a plan's button in the
// playground, then prints what the thread says until the run is over (or the click was refused).
import { parseArgs } from "node:util";
import { z } from "zod";
import { ACTION_APPROVE, ACTION_REJECT } from "../render/message.ts";
import {
  PLAYGROUND_APPROVER,
  playgroundStatePath,
  readPlaygroundState,
} from "../slack/playground-state.ts";
import { fetchThread, metaOf, planHints, postToFake, watchThread } from "./say-command.ts";

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const locationSchema = z.union([
  z.object({ ok: z.literal(true), channel: z.string(), ts: z.string(), threadTs: z.string() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
const clickResultSchema = z.object({
  ok: z.boolean(),
  status: z.number().optional(),
  error: z.string().optional(),
});

const FINAL = new Set(["succeeded", "failed", "stale", "interrupted", "rejected", "expired"]);

export async function clickCommand(
  args: string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { as: { type: "string" }, timeout: { type: "string" } },
  });
  const [button, planId] = positionals;
  if ((button !== "approve" && button !== "reject") || !planId) {
    io.stderr("usage: wheelhouse click approve|reject <planId> [--as U123] [--timeout SECONDS]");
    return 2;
  }
  const state = await readPlaygroundState(playgroundStatePath(env));
  const user = values.as ?? PLAYGROUND_APPROVER;
  const where = locationSchema.parse(
    await (
      await fetch(`${state.slackOrigin}/_fake/plan?${new URLSearchParams({ plan_id: planId })}`)
    ).json(),
  );
  if (!where.ok) {
    io.stderr(`wheelhouse: no plan ${planId} in the playground's messages`);
    return 1;
  }
  // What is already on screen is not printed again; only what the click changes.
  const before = await fetchThread(state, where.channel, where.threadTs);
  const seen = new Map(before.messages.map((m) => [m.ts, m.edits]));
  const mine = before.ephemerals.filter((e) => e.user === user).length;
  const clicked = clickResultSchema.parse(
    await postToFake(state, "/_fake/click", {
      actionId: button === "approve" ? ACTION_APPROVE : ACTION_REJECT,
      planId,
      user,
    }),
  );
  if (!clicked.ok) {
    io.stderr(`wheelhouse: the click failed (${clicked.error ?? `HTTP ${clicked.status ?? "?"}`})`);
    return 1;
  }
  io.stdout(`${user} clicked ${button} on plan ${planId}`);
  const snapshot = await watchThread(state, where.channel, where.threadTs, io, {
    user,
    seen,
    ephemeralsSeen: mine,
    quietMs: 1500,
    timeoutMs: Number(values.timeout ?? 600) * 1000,
    done: (s) => {
      const refused = s.ephemerals.filter((e) => e.user === user).length > mine;
      const result = s.messages.some((m) => {
        const meta = metaOf(m);
        return (
          meta?.planId === planId &&
          FINAL.has(meta.state) &&
          (meta.type === "wheelhouse_execution" ||
            meta.state === "rejected" ||
            meta.state === "expired")
        );
      });
      return refused || result;
    },
  });
  for (const hint of planHints(snapshot, PLAYGROUND_APPROVER)) io.stdout(`\n${hint}`);
  return 0;
}
