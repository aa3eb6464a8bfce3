// The bot as deployed, for fault tests: the app role and the worker role started separately (as
// two processes would be), each with its own Redis connections made by the production code, on
// a private Redis the test may kill; the fake Slack Web API in front; helm 4 on the test cluster.

import { createRedisConnections } from "../../../src/app/redis-connections.ts";
import { type Bot, startBot } from "../../../src/app/start-bot.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { analyzeIntent } from "../../../src/intent/analyze-intent.ts";
import { KubectlClient } from "../../../src/kube/kubectl-client.ts";
import { KubectlLogReader } from "../../../src/kube/kubectl-logs.ts";
import type { Log } from "../../../src/observe/log.ts";
import { ACTION_APPROVE } from "../../../src/render/message.ts";
import { metaOf } from "../../e2e/e2e-support.ts";
import { type FakeMessage, type FakeSlack, startFakeSlack } from "../../support/fake-slack-api.ts";
import { OPEN_POLICY } from "../../support/open-policy.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { TEST_PLAN_KEY } from "../../support/test-plan-key.ts";

export const CHANNEL = "C0FAULTS";
export const REQUESTER = "U0ALICE";
export const APPROVER = "U0BOB";

export interface LogLine {
  role: string;
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

export interface Roles {
  slack: FakeSlack;
  app: Bot;
  worker: Bot;
  lines: LogLine[];
  // A mention in CHANNEL; the thread it opened.
  ask(text: string): Promise<string>;
  // The plan posted in the thread: its id and message.
  plan(threadTs: string, timeoutMs?: number): Promise<{ id: string; message: FakeMessage }>;
  approve(planId: string, message: FakeMessage): Promise<number>;
  // Bot messages in the thread whose metadata is of this type (and plan).
  messagesOf(threadTs: string, type: string, planId?: string): FakeMessage[];
  close(): Promise<void>;
}

export function stateShown(message: FakeMessage): string {
  return metaOf(message)?.state ?? "";
}

function collectingLog(role: string, lines: LogLine[]): Log {
  const print = process.env.WHEELHOUSE_FAULT_LOG !== undefined;
  return (level, msg, fields = {}) => {
    lines.push({ role, level, msg, fields });
    if (print) process.stdout.write(`${JSON.stringify({ role, level, msg, ...fields })}\n`);
  };
}

export async function startRoles(redisUrl: string, helm: HelmClient): Promise<Roles> {
  const slack = await startFakeSlack({});
  const lines: LogLine[] = [];
  const kube = new KubectlClient({ bin: env.kubectlBin, kubeconfig: env.kubeconfig });
  const logs = new KubectlLogReader({ bin: env.kubectlBin, kubeconfig: env.kubeconfig });
  const start = (role: "app" | "worker") => {
    const log = collectingLog(role, lines);
    const { redis, connection } = createRedisConnections(redisUrl, role, log);
    return startBot({
      role,
      config: {
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET: slack.signingSecret,
        SLACK_API_URL: slack.apiUrl,
        PORT: 0,
      },
      redis,
      connection,
      cluster: "faults",
      helm,
      kube,
      logs,
      policy: OPEN_POLICY,
      planKey: TEST_PLAN_KEY,
      analyze: async (text, inventory) => (await analyzeIntent(text, inventory)).intent,
      log,
      execution: { wait: false, timeoutSeconds: 60 },
      worker: {
        concurrency: 4,
        validationTimeoutMs: 30_000,
        lockTtlMs: 10_000,
        lockWaitMs: 60_000,
        pollMs: 200,
        settleMs: 300,
        reconcileIntervalMs: 2000,
      },
    }).then((bot) => ({ bot, redis }));
  };
  const app = await start("app");
  const worker = await start("worker");
  slack.connect(`http://127.0.0.1:${app.bot.port}/slack/events`);
  const botMessages = (threadTs: string) =>
    slack.thread(CHANNEL, threadTs).filter((m) => m.user === slack.botUserId);
  const messagesOf = (threadTs: string, type: string, planId?: string) =>
    botMessages(threadTs).filter((m) => {
      const meta = metaOf(m);
      return meta?.type === type && (planId === undefined || meta.planId === planId);
    });
  return {
    slack,
    app: app.bot,
    worker: worker.bot,
    lines,
    async ask(text) {
      const { response, ts } = await slack.mention(text, { user: REQUESTER, channel: CHANNEL });
      if (response.status !== 200) throw new Error(`the app answered ${response.status}`);
      return ts;
    },
    async plan(threadTs, timeoutMs = 60_000) {
      const message = await slack.waitFor(
        `a plan in ${threadTs}`,
        () => messagesOf(threadTs, "wheelhouse_plan")[0],
        timeoutMs,
      );
      return { id: metaOf(message)?.planId ?? "", message };
    },
    async approve(planId, message) {
      return (await slack.click(ACTION_APPROVE, planId, APPROVER, message)).status;
    },
    messagesOf,
    async close() {
      await app.bot.close();
      await worker.bot.close();
      await slack.close();
      app.redis.disconnect();
      worker.redis.disconnect();
    },
  };
}
