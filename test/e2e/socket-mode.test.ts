// Socket Mode (SLACK_APP_TOKEN set, no signing secret): the bot opens its connection through
// apps.connections.open on the fake Slack, receives mentions, /helm and clicks as envelopes on
// the WebSocket, acks each one there, and answers through the Web API as in HTTP mode.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Bot, startBot } from "../../src/app/start-bot.ts";
import type { HelmClient } from "../../src/helm/helm-client.ts";
import { analyzeIntent } from "../../src/intent/analyze-intent.ts";
import { KubectlClient } from "../../src/kube/kubectl-client.ts";
import { KubectlLogReader } from "../../src/kube/kubectl-logs.ts";
import { createJsonLog, silentLog } from "../../src/observe/log.ts";
import { ACTION_REJECT } from "../../src/render/message.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack-api.ts";
import { type FakeSocketMode, startFakeSocketMode } from "../support/fake-socket-mode.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { OPEN_POLICY } from "../support/open-policy.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import { TEST_PLAN_KEY } from "../support/test-plan-key.ts";
import { ALICE, BOB, CHANNEL, installWebapp, textOf } from "./e2e-support.ts";

describe("Socket Mode", () => {
  let helm: HelmClient;
  let namespace: string;
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let redis: Redis;
  let bot: Bot | undefined;
  const prefix = `wh-e2e-socket-${randomBytes(4).toString("hex")}`;

  const botReplies = (threadTs: string) =>
    slack.thread(CHANNEL, threadTs).filter((m) => m.user === slack.botUserId);

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-socket");
    await installWebapp(helm, "catalog", namespace);
    slack = await startFakeSlack();
    socket = await startFakeSocketMode(slack);
    redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
    bot = await startBot({
      role: "all",
      // What `wheelhouse start` passes with SLACK_APP_TOKEN set: no signing secret needed.
      config: {
        SLACK_BOT_TOKEN: slack.token,
        SLACK_APP_TOKEN: socket.appToken,
        SLACK_API_URL: slack.apiUrl,
        PORT: 0,
      },
      redis,
      connection: { url: env.redisUrl, maxRetriesPerRequest: null },
      prefix,
      helm,
      kube: new KubectlClient({ bin: env.kubectlBin, kubeconfig: env.kubeconfig }),
      logs: new KubectlLogReader({ bin: env.kubectlBin, kubeconfig: env.kubeconfig }),
      policy: OPEN_POLICY,
      planKey: TEST_PLAN_KEY,
      analyze: async (text, inventory) => (await analyzeIntent(text, inventory)).intent,
      log: process.env.WHEELHOUSE_E2E_LOG ? createJsonLog("debug") : silentLog,
      execution: { wait: true, timeoutSeconds: 60 },
    });
  });
  afterAll(async () => {
    await bot?.close();
    await socket?.close();
    await slack?.close();
    if (redis) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      await redis.quit();
    }
    if (namespace) await deleteNamespace(namespace);
  });

  it("connects with the app-level token through apps.connections.open on SLACK_API_URL", () => {
    expect(bot?.port).toBeNull();
    const opens = slack.callsTo("apps.connections.open");
    expect(opens).toHaveLength(1);
    expect(opens[0]?.response).toMatchObject({ ok: true, url: expect.stringMatching(/^ws:/) });
    expect(socket.connections).toBe(1);
    expect(slack.callsTo("auth.test")[0]?.response).toMatchObject({ ok: true });
  });

  it("acks a mention on the socket and answers it in its thread", async () => {
    const sent = socket.mention(`list releases in ${namespace}`, { user: ALICE, channel: CHANNEL });
    expect(await sent.acked).toEqual({ envelope_id: sent.envelopeId, payload: {} });
    const reply = await slack.waitFor("the answer in the thread", () =>
      botReplies(sent.ts).find((m) => /release/.test(textOf(m))),
    );
    expect(textOf(reply)).toMatch(/\*1 release\* in `e2e-socket-/);
    expect(textOf(reply)).toMatch(/🟢 catalog/);
    const post = slack
      .callsTo("chat.postMessage")
      .find((c) => c.args.thread_ts === sent.ts && c.args.channel === CHANNEL);
    expect(post?.response).toMatchObject({ ok: true });
  });

  it("acks /helm help on the socket and answers in the channel", async () => {
    const sent = socket.command("help", ALICE, CHANNEL);
    expect(await sent.acked).toEqual({ envelope_id: sent.envelopeId, payload: {} });
    const help = await slack.waitFor("the help answer", () =>
      slack
        .callsTo("chat.postMessage")
        .find((c) => String(c.args.text).startsWith("What I can do")),
    );
    expect(help.response).toMatchObject({ ok: true });
    const asked = slack
      .callsTo("chat.postMessage")
      .find((c) => String(c.args.text).includes("asked: /helm help"));
    expect(asked?.args.channel).toBe(CHANNEL);
  });

  it("acks a button click (interactive) on the socket and acts on it", async () => {
    const mention = socket.mention(`set catalog replicaCount=2 -n ${namespace}`, {
      user: ALICE,
      channel: CHANNEL,
    });
    await mention.acked;
    const plan = await slack.waitFor(
      "the plan message",
      () => botReplies(mention.ts).find((m) => m.metadata !== null && /Plan/.test(textOf(m))),
      120_000,
    );
    const planId = String(
      (plan.metadata as { event_payload?: { plan_id?: string } }).event_payload?.plan_id,
    );
    const click = socket.click({
      actionId: ACTION_REJECT,
      value: planId,
      user: BOB,
      message: {
        channel: plan.channel,
        ts: plan.ts,
        threadTs: plan.threadTs,
        text: plan.text,
        blocks: plan.blocks,
      },
    });
    expect(await click.acked).toEqual({ envelope_id: click.envelopeId, payload: {} });
    await bot?.app?.idle();
    const updated = await slack.waitFor("the rejected plan", () => {
      const m = slack.message(CHANNEL, plan.ts);
      return m && /Rejected by @U0BOB/.test(textOf(m)) ? m : undefined;
    });
    expect(textOf(updated)).toMatch(/nothing ran/);
    expect((await helm.history({ name: "catalog", namespace })).map((r) => r.revision)).toEqual([
      1,
    ]);
  });

  it("stops cleanly: the socket is closed and no reconnect is attempted", async () => {
    await bot?.close();
    bot = undefined;
    await socket.disconnected(5000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slack.callsTo("apps.connections.open")).toHaveLength(1);
    expect(socket.connections).toBe(1);
  });
});
