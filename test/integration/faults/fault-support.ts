// What the fault tests share: a seeded random source (the seed is printed, FAULT_SEED replays
// it), the real Slack notifier pointed at the fake Slack, the messages a plan got in its thread,
// the audit entries of a plan, and the helm processes still alive for a release (/proc).
import { readdir, readFile } from "node:fs/promises";
import type { Redis } from "ioredis";
import type { ExecutionNotifier } from "../../../src/exec/execution-notifier.ts";
import type { ReleaseRef } from "../../../src/model/release.ts";
import type { Log } from "../../../src/observe/log.ts";
import { createRunningMessages } from "../../../src/slack/running-messages.ts";
import { createSlackExecutionNotifier } from "../../../src/slack/slack-execution-notifier.ts";
import { createSlackOut } from "../../../src/slack/slack-out.ts";
import { webClientFor } from "../../../src/slack/web-client-for.ts";
import type { PlanStore } from "../../../src/store/plan-store.ts";
import type { FakeMessage, FakeSlack } from "../../support/fake-slack-api.ts";
import type { Pipeline } from "../exec/exec-test-support.ts";

// mulberry32: small, fast, and the same sequence for the same seed on every machine.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function faultSeed(): number {
  const given = process.env.FAULT_SEED;
  const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  console.info(`fault seed ${seed} (FAULT_SEED=${seed} replays this run)`);
  return seed;
}

const quiet: Log = () => undefined;

// The notifier a worker deployment uses: Wheelhouse's own, over the Web API (here the fake).
export function slackNotifier(
  slack: Pick<FakeSlack, "apiUrl" | "token">,
  store: Pick<PlanStore, "get" | "setMessageTs">,
  shared: { redis: Redis; prefix: string },
): ExecutionNotifier {
  const client = webClientFor({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl }, quiet);
  return createSlackExecutionNotifier({
    out: createSlackOut(client, quiet),
    store,
    log: quiet,
    runningMessages: createRunningMessages(shared.redis, shared.prefix),
  });
}

function metaOf(m: FakeMessage): { type: string; planId: string } | null {
  const meta = m.metadata as { event_type?: string; event_payload?: { plan_id?: string } } | null;
  if (!meta?.event_type || !meta.event_payload?.plan_id) return null;
  return { type: meta.event_type, planId: meta.event_payload.plan_id };
}

// The worker's messages about a plan's run in its thread ("Running…", then the result).
export function executionMessages(
  slack: FakeSlack,
  channel: string,
  threadTs: string,
  planId: string,
) {
  return slack
    .thread(channel, threadTs)
    .filter((m) => metaOf(m)?.type === "wheelhouse_execution" && metaOf(m)?.planId === planId);
}

// A plan posted in the thread (a proposed rollback or recovery has its own message).
export function planMessage(slack: FakeSlack, channel: string, threadTs: string, planId: string) {
  return slack
    .thread(channel, threadTs)
    .find((m) => metaOf(m)?.type === "wheelhouse_plan" && metaOf(m)?.planId === planId);
}

// The audit entries of one plan, oldest first, as types.
export async function auditTypesOf(p: Pipeline, planId: string): Promise<string[]> {
  const entries = await p.test.redis.xrange(`${p.test.prefix}:audit`, "-", "+");
  return entries.flatMap(([, fields]) => {
    const f = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i] ?? "", fields[i + 1] ?? "");
    return f.get("planId") === planId ? [f.get("type") ?? ""] : [];
  });
}

// Live helm processes working on this release (only `subcommand` ones when given), by /proc.
export async function helmProcessesOf(
  bin: string,
  release: ReleaseRef,
  subcommand?: string,
): Promise<Array<{ pid: number; argv: string[] }>> {
  const found: Array<{ pid: number; argv: string[] }> = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = (await readFile(`/proc/${entry}/cmdline`, "utf8")).split("\0").filter(Boolean);
      // A zombie has no cmdline and is gone in all that matters.
    } catch {
      continue;
    }
    if (argv[0] !== bin || (subcommand !== undefined && argv[1] !== subcommand)) continue;
    if (argv.includes(release.name) && argv.includes(release.namespace)) {
      found.push({ pid: Number(entry), argv });
    }
  }
  return found;
}
