// One server of a benchmark in a process of its own, forked by bench-servers.ts: the fake Slack
// Web API, a bare Bolt app or a bare Node http server (the baselines), or Wheelhouse's app or
// worker role built by startBot on the real parts (helm on the test cluster, kubectl, Redis).
// It tells its parent where it listens, and answers "memory" (RSS after a forced GC: it runs
// with --expose-gc) and "stop" over IPC.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { Redis } from "ioredis";
import { commandClientOptions } from "../../src/app/redis-connections.ts";
import { type Role, startBot } from "../../src/app/start-bot.ts";
import { releaseProcessThreadMemory } from "../../src/helm/execa-off-thread.ts";
import { HelmClient } from "../../src/helm/helm-client.ts";
import { analyzeIntent, intentWithoutModel } from "../../src/intent/analyze-intent.ts";
import { withApiReads } from "../../src/kube/api-backed-reader.ts";
import { createContainerLogReader } from "../../src/kube/create-container-log-reader.ts";
import { createKubeClient } from "../../src/kube/create-kube-client.ts";
import { silentLog } from "../../src/observe/log.ts";
import { releaseMemoryNow } from "../../src/observe/release-idle-memory.ts";
import { startFakeSlack } from "../../test/support/fake-slack-api.ts";
import { OPEN_POLICY } from "../../test/support/open-policy.ts";
import { TEST_PLAN_KEY } from "../../test/support/test-plan-key.ts";
import type { ServerKind, ToParent } from "./bench-servers.ts";
import { memoryBreakdown } from "./process-memory.ts";

const env = process.env;
const need = (name: string): string => {
  const value = env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
};

function send(message: ToParent): void {
  process.send?.(message);
}

const quietBoltLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

async function startBareBolt(): Promise<Started> {
  // The receiver settings startBot's app uses: HTTPReceiver, ack before the listener's work.
  const receiver = new HTTPReceiver({
    signingSecret: need("BENCH_SECRET"),
    endpoints: "/slack/events",
    processBeforeResponse: false,
    logger: quietBoltLogger,
  });
  const app = new App({
    token: need("BENCH_TOKEN"),
    receiver,
    botId: "B0WHEELBOT",
    botUserId: "U0WHEELBOT",
    logger: quietBoltLogger,
    clientOptions: { slackApiUrl: need("BENCH_API_URL") },
  });
  app.command("/helm", async ({ ack }) => {
    await ack();
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = await app.start(0);
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : 0,
    close: () => app.stop().then(() => undefined),
  };
}

// The floor of any webhook: read the body, answer 200.
async function startBareHttp(): Promise<Started> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Started {
  port: number;
  close(): Promise<void>;
  // Resolves when the work acknowledged so far is done (Wheelhouse's app), at once otherwise.
  idle?(): Promise<void>;
}

async function startWheelhouse(role: Role): Promise<Started> {
  const redisUrl = need("REDIS_URL");
  const kubeconfig = need("KUBECONFIG");
  const helmEnv: Record<string, string> = JSON.parse(need("BENCH_HELM_ENV"));
  const helm = await HelmClient.create({
    bin: need("HELM_BIN"),
    kubeconfig,
    env: helmEnv,
    timeoutMs: 120_000,
  });
  const kubectl = { bin: need("KUBECTL_BIN"), kubeconfig };
  // The commands client as the roles make it in production (redis-connections.ts).
  const redis = new Redis(redisUrl, commandClientOptions(role));
  const bot = await startBot({
    role,
    config: {
      SLACK_BOT_TOKEN: need("BENCH_TOKEN"),
      SLACK_SIGNING_SECRET: need("BENCH_SECRET"),
      SLACK_API_URL: need("BENCH_API_URL"),
      PORT: 0,
    },
    alerts: { ALERTMANAGER_TOKEN: need("BENCH_ALERT_TOKEN"), ALERTMANAGER_MAX_BODY_BYTES: 1 << 20 },
    redis,
    connection: { url: redisUrl, maxRetriesPerRequest: null },
    cluster: need("BENCH_CLUSTER"),
    helm,
    kube: withApiReads(createKubeClient(kubectl), kubectl),
    logs: createContainerLogReader(kubectl),
    policy: OPEN_POLICY,
    planKey: TEST_PLAN_KEY,
    analyze: async (text, inventory) => (await analyzeIntent(text, inventory)).intent,
    intentWithoutModel: (text, inventory) => intentWithoutModel(text, inventory),
    log: silentLog,
    // The benchmark's changes do not wait on helm (--wait off): validation settles fast.
    execution: { wait: false, timeoutSeconds: 60 },
    worker: {
      concurrency: Number(env.BENCH_WORKER_CONCURRENCY ?? 4),
      validationTimeoutMs: 30_000,
      lockTtlMs: 10_000,
      lockWaitMs: 120_000,
      pollMs: 100,
      settleMs: 100,
    },
  });
  return {
    port: bot.port ?? 0,
    idle: async () => {
      await bot.app?.idle();
    },
    close: async () => {
      await bot.close();
      await redis.quit();
    },
  };
}

async function start(
  kind: ServerKind,
): Promise<{ ready: ToParent; close(): Promise<void>; idle?(): Promise<void> }> {
  if (kind === "slack") {
    const slack = await startFakeSlack({
      token: need("BENCH_TOKEN"),
      signingSecret: need("BENCH_SECRET"),
    });
    return {
      ready: { ready: { port: 0, apiUrl: slack.apiUrl, origin: slack.origin } },
      close: slack.close,
    };
  }
  const server =
    kind === "bolt"
      ? await startBareBolt()
      : kind === "http"
        ? await startBareHttp()
        : await startWheelhouse(kind);
  return {
    ready: { ready: { port: server.port } },
    close: server.close,
    ...(server.idle ? { idle: server.idle } : {}),
  };
}

const kind = process.argv[2];
if (kind !== "slack" && kind !== "bolt" && kind !== "http" && kind !== "app" && kind !== "worker")
  throw new Error(`unknown server kind ${kind}`);
const server = await start(kind);
let samples = 0;
async function sendMemory(): Promise<void> {
  // Only garbage the next GC would free is left out: what stays is what the process holds.
  globalThis.gc?.();
  const rssAfterGc = process.memoryUsage.rss();
  // Then what Wheelhouse gives back by itself once idle (src/observe/release-idle-memory.ts),
  // run now rather than waited for.
  if (kind === "app" || kind === "worker") {
    await releaseMemoryNow();
    await releaseProcessThreadMemory();
  }
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  // BENCH_HEAP_SNAPSHOTS=DIR: a heap snapshot with every sample, for a diff when memory grows.
  if (env.BENCH_HEAP_SNAPSHOTS && kind !== "slack")
    writeHeapSnapshot(
      join(env.BENCH_HEAP_SNAPSHOTS, `${kind}-${process.pid}-${samples}.heapsnapshot`),
    );
  // BENCH_SMAPS=DIR: /proc/self/smaps with every sample, to see which mappings a growth is in.
  if (env.BENCH_SMAPS && kind !== "slack")
    // Read, not copied: procfs files report size 0, and a copy of one comes out empty.
    writeFileSync(
      join(env.BENCH_SMAPS, `${kind}-${process.pid}-${samples}.smaps`),
      readFileSync("/proc/self/smaps"),
    );
  samples++;
  const breakdown = await memoryBreakdown();
  const gc = globalThis.gc !== undefined;
  send({ memory: { rss, rssAfterGc, heapUsed, heapTotal, external, gc, breakdown } });
}
process.on("message", (message: unknown) => {
  if (message === "memory") void sendMemory();
  if (message === "idle")
    void (server.idle?.() ?? Promise.resolve()).then(() => send({ idle: true }));
  if (message === "stop") void server.close().then(() => process.exit(0));
});
send(server.ready);
