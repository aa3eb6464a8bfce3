// `npm run bench:ack`: how fast the Slack app acknowledges, against a bare Bolt app that only
// acks the same signed requests (same HTTPReceiver, processBeforeResponse: false), in one run.
// 50 concurrent /helm commands and button clicks, interleaved in rounds so both see the same
// machine; p50/p95/p99 each; approve → worker start; RSS of app, worker and bare Bolt after
// 1,000 requests each. Every server runs in a process of its own (forked from this script):
// the fake Slack Web API, bare Bolt, the app role and the worker role. Needs Redis; helm and
// the cluster are replaced by an in-memory inventory (test/fixtures/intents/inventory.json), so
// what is measured is the Slack surface, not helm. Last line: `ack p99 ratio vs bare bolt: <x>`.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { App, HTTPReceiver, LogLevel, webApi } from "@slack/bolt";
import { Redis } from "ioredis";
import { type Role, startBot } from "../src/app/start-bot.ts";
import { analyzeIntent } from "../src/intent/analyze-intent.ts";
import { buildHelmArgv } from "../src/model/build-helm-argv.ts";
import { silentLog } from "../src/observe/log.ts";
import { digestPlan } from "../src/plan/digest-plan.ts";
import type { UpgradePlan } from "../src/plan/plan-types.ts";
import { ACTION_APPROVE } from "../src/render/message.ts";
import { PlanStore } from "../src/store/plan-store.ts";
import { startFakeSlack } from "../test/support/fake-slack-api.ts";
import { benchInventory, emptyKube, inventoryHelm } from "../test/support/inventory-helm.ts";
import { OPEN_POLICY } from "../test/support/open-policy.ts";
import {
  blockActionsForm,
  commandForm,
  type SlackTarget,
  sendSigned,
} from "../test/support/slack-requests.ts";
import { TEST_PLAN_KEY, testPlanSigner } from "../test/support/test-plan-key.ts";
import { upgradePlan } from "../test/unit/render/render-fixtures.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const CONCURRENCY = 50;
const ROUNDS = 4;
// Per app: ROUNDS × (COMMANDS + CLICKS) = 1,000 requests.
const COMMANDS_PER_ROUND = 125;
const CLICKS_PER_ROUND = 125;
const START_SAMPLES = 50;
const CHANNEL = "C0BENCH";
const REQUESTER = "U0REQUESTER";
const APPROVER = "U0APPROVER";
const NAMESPACE = "bench";

type Kind = "slack" | "bare" | "app" | "worker";
type ToParent = { ready: Record<string, string | number> } | { rss: number };

// ---------------------------------------------------------------- children

function send(message: ToParent): void {
  process.send?.(message);
}

async function runChild(kind: Kind): Promise<void> {
  const env = process.env;
  const token = env.BENCH_TOKEN ?? "";
  const signingSecret = env.BENCH_SECRET ?? "";
  const apiUrl = env.BENCH_API_URL ?? "";
  let close: () => Promise<void> = async () => undefined;
  if (kind === "slack") {
    const slack = await startFakeSlack({ token, signingSecret });
    close = slack.close;
    send({ ready: { origin: slack.origin, apiUrl: slack.apiUrl } });
  } else if (kind === "bare") {
    const logger = {
      debug() {},
      info() {},
      warn() {},
      error() {},
      setLevel() {},
      getLevel: () => LogLevel.ERROR,
      setName() {},
    };
    const receiver = new HTTPReceiver({
      signingSecret,
      endpoints: "/slack/events",
      processBeforeResponse: false,
      logger,
    });
    const app = new App({
      token,
      receiver,
      botId: "B0WHEELBOT",
      botUserId: "U0WHEELBOT",
      logger,
      clientOptions: { slackApiUrl: apiUrl },
    });
    app.command("/helm", async ({ ack }) => {
      await ack();
    });
    app.action(/.*/, async ({ ack }) => {
      await ack();
    });
    const server: unknown = await app.start(0);
    const address =
      server &&
      typeof server === "object" &&
      "address" in server &&
      typeof server.address === "function"
        ? server.address()
        : null;
    close = async () => {
      await app.stop();
    };
    send({
      ready: {
        port:
          typeof address === "object" && address !== null && "port" in address
            ? Number(address.port)
            : 0,
      },
    });
  } else {
    const inventory = benchInventory(NAMESPACE);
    const helm = inventoryHelm(inventory, NAMESPACE);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const bot = await startBot({
      role: kind satisfies Role,
      config: {
        SLACK_BOT_TOKEN: token,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: apiUrl,
        PORT: 0,
      },
      redis,
      connection: { url: REDIS_URL, maxRetriesPerRequest: null },
      prefix: env.BENCH_PREFIX ?? "wh-bench",
      helm,
      kube: emptyKube,
      logs: { tail: async () => "" },
      policy: OPEN_POLICY,
      planKey: TEST_PLAN_KEY,
      analyze: async (text, inv) => (await analyzeIntent(text, inv)).intent,
      log: silentLog,
      ...(env.BENCH_WORK_MAX ? { work: { max: Number(env.BENCH_WORK_MAX) } } : {}),
      worker: {
        concurrency: 8,
        validationTimeoutMs: 1000,
        lockTtlMs: 10_000,
        pollMs: 100,
        settleMs: 100,
      },
    });
    close = async () => {
      await bot.close();
      await redis.quit();
    };
    send({ ready: { port: bot.port ?? 0 } });
  }
  process.on("message", (message: unknown) => {
    if (message === "rss") send({ rss: process.memoryUsage().rss });
    if (message === "stop") void close().then(() => process.exit(0));
  });
}

// ---------------------------------------------------------------- parent

interface Child {
  process: ChildProcess;
  ready: Record<string, string | number>;
}

function startChild(kind: Kind, env: Record<string, string>): Promise<Child> {
  // BENCH_PROFILE=DIR writes a CPU profile of the app and worker processes there.
  const profile =
    process.env.BENCH_PROFILE && (kind === "app" || kind === "worker")
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
  const child = fork(import.meta.filename, ["--child", kind], {
    env: { ...process.env, ...env },
    execArgv: profile,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`the ${kind} process exited (${code}) before it was ready`)),
    );
    child.on("message", (message: ToParent) => {
      if ("ready" in message) resolve({ process: child, ready: message.ready });
    });
  });
}

function ask(child: Child, what: "rss"): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: ToParent) => {
      if ("rss" in message) {
        child.process.off("message", onMessage);
        resolve(message.rss);
      }
    };
    child.process.on("message", onMessage);
    child.process.send(what);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

function stats(samples: number[]): { p50: number; p95: number; p99: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    n: sorted.length,
  };
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;

interface Job {
  app: "ours" | "bare";
  kind: "command" | "click";
  body: string;
  planId?: string;
}

async function runPool(
  jobs: Job[],
  targets: Record<Job["app"], SlackTarget>,
  results: Map<string, number[]>,
  sentAt: Map<string, number>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      if (!job) break;
      if (job.planId) sentAt.set(job.planId, Date.now());
      const response = await sendSigned(
        targets[job.app],
        job.body,
        "application/x-www-form-urlencoded",
      );
      if (response.status !== 200)
        throw new Error(`${job.app} answered ${response.status} to a ${job.kind}`);
      const key = `${job.app} ${job.kind}`;
      results.set(key, [...(results.get(key) ?? []), response.ms]);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function benchPlan(i: number): UpgradePlan {
  const release = { ...upgradePlan.release, name: `bench-${i}`, namespace: NAMESPACE };
  const operation = {
    ...upgradePlan.command.operation,
    release: { name: release.name, namespace: NAMESPACE },
  };
  if (operation.kind !== "upgrade") throw new Error("the fixture is an upgrade");
  const argv = buildHelmArgv(operation, { helmMajor: 4 });
  return {
    ...upgradePlan,
    release,
    command: { ...upgradePlan.command, operation, argv, display: `helm ${argv.join(" ")}` },
    digest: digestPlan({ release, revision: release.revision, argv }),
  };
}

const callsSchema = (data: unknown): Array<{ at: number; planId: string; state: string }> => {
  const calls =
    typeof data === "object" && data !== null && "calls" in data && Array.isArray(data.calls)
      ? data.calls
      : [];
  return calls.flatMap((c: unknown) => {
    if (typeof c !== "object" || c === null || !("at" in c) || !("args" in c)) return [];
    const args = c.args;
    const meta =
      typeof args === "object" && args !== null && "metadata" in args ? args.metadata : null;
    const payload =
      typeof meta === "object" && meta !== null && "event_payload" in meta
        ? meta.event_payload
        : null;
    if (
      typeof payload !== "object" ||
      payload === null ||
      !("plan_id" in payload) ||
      !("state" in payload)
    )
      return [];
    const kind =
      typeof meta === "object" && meta !== null && "event_type" in meta ? meta.event_type : "";
    if (kind !== "wheelhouse_execution") return [];
    return [{ at: Number(c.at), planId: String(payload.plan_id), state: String(payload.state) }];
  });
};

async function startTimes(origin: string): Promise<Map<string, number>> {
  const data: unknown = await (await fetch(`${origin}/_fake/calls?method=chat.postMessage`)).json();
  return new Map(
    callsSchema(data)
      .filter((c) => c.state === "running")
      .map((c) => [c.planId, c.at]),
  );
}

async function runParent(): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    await redis.ping();
  } catch (cause) {
    throw new Error(`Redis does not answer at ${REDIS_URL}: run scripts/redis-up.sh`, { cause });
  }
  const prefix = `wh-bench-${randomBytes(4).toString("hex")}`;
  const secrets = {
    BENCH_TOKEN: "xoxb-bench-token",
    BENCH_SECRET: randomBytes(16).toString("hex"),
    BENCH_PREFIX: prefix,
  };
  const slack = await startChild("slack", secrets);
  const env = { ...secrets, BENCH_API_URL: String(slack.ready.apiUrl) };
  const [bare, app, worker] = await Promise.all([
    startChild("bare", env),
    startChild("app", env),
    startChild("worker", env),
  ]);
  const children = [slack, bare, app, worker];
  const targets = {
    ours: {
      url: `http://127.0.0.1:${app.ready.port}/slack/events`,
      signingSecret: secrets.BENCH_SECRET,
    },
    bare: {
      url: `http://127.0.0.1:${bare.ready.port}/slack/events`,
      signingSecret: secrets.BENCH_SECRET,
    },
  };
  try {
    // Plans to approve, each on a release of its own (one release's plans would wait on its lock).
    const store = new PlanStore(redis, { prefix, signer: testPlanSigner() });
    const client = new webApi.WebClient(secrets.BENCH_TOKEN, {
      slackApiUrl: String(slack.ready.apiUrl),
    });
    const thread = (await client.chat.postMessage({ channel: CHANNEL, text: "bench" })).ts ?? "";
    const plans: Array<{ id: string; ts: string }> = [];
    for (let i = 0; i < ROUNDS * CLICKS_PER_ROUND + START_SAMPLES; i++) {
      const record = await store.save(
        benchPlan(i),
        {
          channel: CHANNEL,
          threadTs: thread,
          messageTs: null,
          requester: REQUESTER,
          source: "mention",
        },
        3600,
      );
      const ts =
        (
          await client.chat.postMessage({
            channel: CHANNEL,
            thread_ts: thread,
            text: `plan ${record.id}`,
          })
        ).ts ?? "";
      await store.setMessageTs(record.id, ts);
      plans.push({ id: record.id, ts });
    }
    const texts = [
      "status bench-1 -n bench",
      "list -n bench",
      "history bench-2 -n bench",
      "help",
      "values bench-3 -n bench",
    ];
    const command = (i: number) =>
      commandForm({ text: texts[i % texts.length] ?? "help", user: REQUESTER, channel: CHANNEL });
    const click = (plan: { id: string; ts: string }) =>
      blockActionsForm({
        actionId: ACTION_APPROVE,
        value: plan.id,
        user: APPROVER,
        message: { channel: CHANNEL, ts: plan.ts, threadTs: thread },
      });

    // Warm-up: JIT, connections, Redis scripts; not measured.
    const warm = new Map<string, number[]>();
    await runPool(
      Array.from(
        { length: 100 },
        (_, i): Job => ({ app: i % 2 === 0 ? "ours" : "bare", kind: "command", body: command(i) }),
      ),
      targets,
      warm,
      new Map(),
    );

    const results = new Map<string, number[]>();
    const sentAt = new Map<string, number>();
    let p = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const jobs: Job[] = [];
      for (let i = 0; i < COMMANDS_PER_ROUND; i++) {
        jobs.push(
          { app: "ours", kind: "command", body: command(i) },
          { app: "bare", kind: "command", body: command(i) },
        );
      }
      for (let i = 0; i < CLICKS_PER_ROUND; i++) {
        const plan = plans[p++];
        if (!plan) throw new Error("ran out of plans");
        jobs.push(
          { app: "ours", kind: "click", body: click(plan), planId: plan.id },
          { app: "bare", kind: "click", body: click(plan) },
        );
      }
      await runPool(shuffle(jobs), targets, results, sentAt);
    }
    const [appRss, workerRss, bareRss] = await Promise.all([
      ask(app, "rss"),
      ask(worker, "rss"),
      ask(bare, "rss"),
    ]);

    // Approve → worker start, one click at a time (no backlog): until the "running" message.
    const single: number[] = [];
    for (const plan of plans.slice(p)) {
      const sent = Date.now();
      await sendSigned(targets.ours, click(plan), "application/x-www-form-urlencoded");
      const deadline = Date.now() + 30_000;
      for (;;) {
        const started = (await startTimes(String(slack.ready.origin))).get(plan.id);
        if (started !== undefined) {
          single.push(started - sent);
          break;
        }
        if (Date.now() > deadline) throw new Error(`plan ${plan.id} did not start within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    // The same under the load above (queueing behind 500 approvals included).
    const starts = await startTimes(String(slack.ready.origin));
    const underLoad = [...sentAt].flatMap(([id, at]) =>
      starts.has(id) ? [(starts.get(id) ?? at) - at] : [],
    );

    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(
      `ack latency, ${CONCURRENCY} concurrent signed requests, ${ROUNDS} interleaved rounds (${ROUNDS * (COMMANDS_PER_ROUND + CLICKS_PER_ROUND)} per app)`,
    );
    out(`${"".padEnd(22)}${"p50".padStart(10)}${"p95".padStart(10)}${"p99".padStart(10)}     n`);
    const all: Record<string, number[]> = { ours: [], bare: [] };
    for (const key of ["bare command", "ours command", "bare click", "ours click"]) {
      const samples = results.get(key) ?? [];
      all[key.split(" ")[0] ?? ""]?.push(...samples);
      const s = stats(samples);
      out(
        `${key.replace("ours", "wheelhouse").replace("bare", "bare bolt").padEnd(22)}${fmt(s.p50)}${fmt(s.p95)}${fmt(s.p99)}  ${s.n}`,
      );
    }
    const ours = stats(all.ours ?? []);
    const bareAll = stats(all.bare ?? []);
    out(
      `${"bare bolt (all)".padEnd(22)}${fmt(bareAll.p50)}${fmt(bareAll.p95)}${fmt(bareAll.p99)}  ${bareAll.n}`,
    );
    out(
      `${"wheelhouse (all)".padEnd(22)}${fmt(ours.p50)}${fmt(ours.p95)}${fmt(ours.p99)}  ${ours.n}`,
    );
    const one = stats(single);
    const loaded = stats(underLoad);
    out(
      `approve → worker start (one at a time)   p50 ${fmt(one.p50)}  p95 ${fmt(one.p95)}  (n ${one.n})`,
    );
    out(
      `approve → worker start (under the load)  p50 ${fmt(loaded.p50)}  p95 ${fmt(loaded.p95)}  (n ${loaded.n})`,
    );
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    out(
      `RSS after 1,000 requests: app ${mb(appRss)}, worker ${mb(workerRss)}, bare bolt ${mb(bareRss)}`,
    );
    out(`ack p99 ratio vs bare bolt: ${(ours.p99 / bareAll.p99).toFixed(2)}`);
  } finally {
    for (const child of children) child.process.send("stop");
    await Promise.all(
      children.map((c) => new Promise((resolve) => c.process.once("exit", resolve))),
    );
    let cursor = "0";
    do {
      const [nextCursor, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = nextCursor;
    } while (cursor !== "0");
    await redis.quit();
  }
}

if (process.argv[2] === "--child") {
  const kind = process.argv[3];
  if (kind !== "slack" && kind !== "bare" && kind !== "app" && kind !== "worker")
    throw new Error(`unknown child ${kind}`);
  await runChild(kind);
} else {
  await runParent();
}
