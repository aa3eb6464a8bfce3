// The whole bot on real parts: the fake Slack Web API, the Slack app on a loopback port, the
// queue and worker on Redis (a prefix of this file's own), helm 4 on the test cluster with the
// fixture repository. Tests talk to it the way Slack does and read what it said back.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { type Bot, type BotComponents, startBot } from "../../src/app/start-bot.ts";
import type { HelmClient } from "../../src/helm/helm-client.ts";
import { analyzeIntent, intentWithoutModel } from "../../src/intent/analyze-intent.ts";
import { createKubeClient } from "../../src/kube/create-kube-client.ts";
import { KubectlLogReader } from "../../src/kube/kubectl-logs.ts";
import { createJsonLog, type Log, silentLog } from "../../src/observe/log.ts";
import type { Policy } from "../../src/policy/policy-schema.ts";
import { blockKitToText } from "../../src/render/block-kit/block-kit-to-text.ts";
import { ACTION_APPROVE, ACTION_REJECT } from "../../src/render/message.ts";
import { type FakeMessage, type FakeSlack, startFakeSlack } from "../support/fake-slack-api.ts";
import { OPEN_POLICY } from "../support/open-policy.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import { TEST_PLAN_KEY } from "../support/test-plan-key.ts";

export const CHANNEL = "C0SHOPTEAM";
export const ALICE = "U0ALICE";
export const BOB = "U0BOB";
export const MALLORY = "U0MALLORY";

export interface Harness {
  slack: FakeSlack;
  bot: Bot;
  helm: HelmClient;
  redis: Redis;
  prefix: string;
  eventsUrl: string;
  // A mention in CHANNEL as `user`; the thread it opens.
  ask(text: string, user?: string): Promise<string>;
  // The first bot message in the thread (after `after` messages) whose text matches.
  reply(threadTs: string, match: RegExp, timeoutMs?: number): Promise<FakeMessage>;
  // The plan message in the thread, once the plan is made; its id.
  plan(
    threadTs: string,
    index?: number,
    timeoutMs?: number,
  ): Promise<{ id: string; message: FakeMessage }>;
  // The execution result of a plan, once it finished (the "running" message, updated).
  result(threadTs: string, planId: string, timeoutMs?: number): Promise<FakeMessage>;
  // The plan's state as shown in its message metadata.
  planState(message: FakeMessage): string;
  approve(planId: string, user: string, message: FakeMessage): ReturnType<FakeSlack["click"]>;
  reject(planId: string, user: string, message: FakeMessage): ReturnType<FakeSlack["click"]>;
  texts(threadTs: string): string[];
  // Prints the thread when WHEELHOUSE_E2E_PRINT is set: what a person would have seen.
  dump(threadTs: string): void;
  close(): Promise<void>;
}

export function textOf(message: FakeMessage): string {
  return `${blockKitToText(message.blocks, message.text)}${message.files.map((f) => `\n[file ${f.filename}]`).join("")}`;
}

// The button on a message whose label contains `label`, as Slack would send it back on a click.
export function buttonOf(message: FakeMessage, label: string): { actionId: string; value: string } {
  for (const block of message.blocks) {
    const elements =
      typeof block === "object" &&
      block !== null &&
      "elements" in block &&
      Array.isArray(block.elements)
        ? block.elements
        : [];
    for (const e of elements) {
      if (
        typeof e !== "object" ||
        e === null ||
        !("action_id" in e) ||
        !("value" in e) ||
        !("text" in e)
      )
        continue;
      const text =
        typeof e.text === "object" && e.text !== null && "text" in e.text
          ? String(e.text.text)
          : "";
      if (text.includes(label)) return { actionId: String(e.action_id), value: String(e.value) };
    }
  }
  throw new Error(`no button ${JSON.stringify(label)} on the message`);
}

// What a bot message says of itself in its Slack metadata: its kind, its plan and that plan's state.
export function metaOf(
  message: FakeMessage,
): { type: string; planId: string; state: string } | null {
  const m = message.metadata;
  if (typeof m !== "object" || m === null || !("event_type" in m) || !("event_payload" in m))
    return null;
  const payload = m.event_payload;
  if (typeof payload !== "object" || payload === null) return null;
  const planId = "plan_id" in payload && typeof payload.plan_id === "string" ? payload.plan_id : "";
  const state = "state" in payload && typeof payload.state === "string" ? payload.state : "";
  return { type: String(m.event_type), planId, state };
}

export function policyWith(
  channel: Partial<NonNullable<Policy["channels"]["*"]>>,
  extra: Partial<Policy> = {},
): Policy {
  return {
    ...OPEN_POLICY,
    ...extra,
    channels: { "*": { ...OPEN_POLICY.channels["*"], ...channel } },
  };
}

export async function startHarness(
  label: string,
  helm: HelmClient,
  options: {
    policy?: Policy;
    usergroups?: Record<string, string[]>;
    timeoutSeconds?: number;
    // Approved commands wait for readiness (helm --wait). Default true.
    wait?: boolean;
    // Where the bot's structured log goes; default silent (WHEELHOUSE_E2E_LOG: stdout).
    log?: Log;
    // "app": no worker, so approved plans stay queued and nothing runs. Default "all".
    role?: "app" | "all";
    // The Alertmanager webhook, the release watcher and the diagnosis explainer. Default: none.
    app?: Pick<BotComponents, "alerts" | "watch" | "explain">;
    // How the bot retries Slack calls (fault tests make it fast). Default: production's.
    slackRetry?: BotComponents["slackRetry"];
    // Channels the bot is not a member of (the fake answers not_in_channel there).
    notInChannels?: string[];
    // The cluster kubectl reads (helm's is the HelmClient's own). Default the test cluster's.
    kubeconfig?: string;
    // kubectl's deadline (start-command derives it from HELM_TIMEOUT_MS). Default 60000.
    kubectlTimeoutMs?: number;
    // Worker tuning over the defaults below.
    worker?: BotComponents["worker"];
    // /helm reads from helm's release records where they can be, as in production. Default true.
    recordReads?: boolean;
  } = {},
): Promise<Harness> {
  const prefix = `wh-e2e-${label}-${randomBytes(4).toString("hex")}`;
  const slack = await startFakeSlack({
    usergroups: options.usergroups ?? {},
    ...(options.notInChannels ? { notInChannels: options.notInChannels } : {}),
  });
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
  const kubeconfig = options.kubeconfig ?? env.kubeconfig;
  const kube = createKubeClient({
    bin: env.kubectlBin,
    kubeconfig,
    ...(options.kubectlTimeoutMs ? { timeoutMs: options.kubectlTimeoutMs } : {}),
  });
  const log = options.log ?? (process.env.WHEELHOUSE_E2E_LOG ? createJsonLog("debug") : silentLog);
  const bot = await startBot({
    role: options.role ?? "all",
    config: {
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: 0,
    },
    redis,
    connection: { url: env.redisUrl, maxRetriesPerRequest: null },
    prefix,
    helm,
    kube,
    ...(options.recordReads === false ? { recordReads: false } : {}),
    logs: new KubectlLogReader({ bin: env.kubectlBin, kubeconfig }),
    policy: options.policy ?? OPEN_POLICY,
    planKey: TEST_PLAN_KEY,
    // The role's own /metrics, /healthz and /readyz, as in production.
    observability: { port: 0, host: "127.0.0.1" },
    ...options.app,
    ...(options.slackRetry ? { slackRetry: options.slackRetry } : {}),
    analyze: async (text, inventory) => (await analyzeIntent(text, inventory)).intent,
    intentWithoutModel: (text, inventory) => intentWithoutModel(text, inventory),
    log,
    execution: { wait: options.wait ?? true, timeoutSeconds: options.timeoutSeconds ?? 60 },
    worker: {
      concurrency: 4,
      validationTimeoutMs: 60_000,
      lockTtlMs: 10_000,
      lockWaitMs: 120_000,
      pollMs: 500,
      settleMs: 3000,
      ...options.worker,
    },
  });
  const eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;
  slack.connect(eventsUrl);

  const botReplies = (threadTs: string) =>
    slack.thread(CHANNEL, threadTs).filter((m) => m.user === slack.botUserId);
  const harness: Harness = {
    slack,
    bot,
    helm,
    redis,
    prefix,
    eventsUrl,
    async ask(text, user = ALICE) {
      const { response, ts } = await slack.mention(text, { user, channel: CHANNEL });
      if (response.status !== 200)
        throw new Error(`the bot answered ${response.status} to a mention`);
      return ts;
    },
    reply: (threadTs, match, timeoutMs = 60_000) =>
      slack.waitFor(
        `a reply matching ${match} in ${threadTs}`,
        () => botReplies(threadTs).find((m) => match.test(textOf(m))),
        timeoutMs,
      ),
    async plan(threadTs, index = 0, timeoutMs = 120_000) {
      const message = await slack.waitFor(
        `plan #${index} in ${threadTs}`,
        () => botReplies(threadTs).filter((m) => metaOf(m)?.type === "wheelhouse_plan")[index],
        timeoutMs,
      );
      return { id: metaOf(message)?.planId ?? "", message };
    },
    result: (threadTs, planId, timeoutMs = 180_000) =>
      slack.waitFor(
        `the result of plan ${planId}`,
        () =>
          botReplies(threadTs).find((m) => {
            const meta = metaOf(m);
            return (
              meta?.type === "wheelhouse_execution" &&
              meta.planId === planId &&
              meta.state !== "running"
            );
          }),
        timeoutMs,
      ),
    planState: (message) => metaOf(message)?.state ?? "",
    approve: (planId, user, message) => slack.click(ACTION_APPROVE, planId, user, message),
    reject: (planId, user, message) => slack.click(ACTION_REJECT, planId, user, message),
    texts: (threadTs) => slack.thread(CHANNEL, threadTs).map(textOf),
    dump(threadTs) {
      if (!process.env.WHEELHOUSE_E2E_PRINT) return;
      const lines = slack
        .thread(CHANNEL, threadTs)
        .map((m) => `--- ${m.user}${m.edits ? ` (edited ${m.edits}x)` : ""}\n${textOf(m)}`);
      process.stdout.write(`\n===== thread ${threadTs}\n${lines.join("\n")}\n`);
    },
    async close() {
      await bot.close();
      await slack.close();
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      await redis.quit();
    },
  };
  return harness;
}

export async function installWebapp(
  helm: HelmClient,
  name: string,
  namespace: string,
  version = "1.0.0",
): Promise<void> {
  await helm.mutate({
    kind: "install",
    release: { name, namespace },
    chart: "fixtures/webapp",
    version,
    set: { replicaCount: 1 },
    wait: true,
    timeoutSeconds: 90,
  });
}
