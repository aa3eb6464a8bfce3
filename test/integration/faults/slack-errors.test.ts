// Slack's Web API answering 429 with Retry-After, and 5xx: every kind of message the bot posts on
// its own arrives exactly once, after at least the Retry-After; a 5xx that came after Slack had
// already posted is not posted again; a failure that does not end is given up on in bounded time,
// logged (redacted), and the thread goes on. Against the fake Slack Web API (the only stand-in),
// with the plan store on the real Redis; the retry policy made fast through options.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createJsonLog } from "../../../src/observe/log.ts";
import { createSlackExecutionNotifier } from "../../../src/slack/slack-execution-notifier.ts";
import { createSlackOut, type SlackOut } from "../../../src/slack/slack-out.ts";
import { SLACK_RETRY_DEFAULTS, type SlackRetryPolicy } from "../../../src/slack/slack-retry.ts";
import { createSlackThreadPoster } from "../../../src/slack/slack-thread-poster.ts";
import { webClientFor } from "../../../src/slack/web-client-for.ts";
import { PlanStore } from "../../../src/store/plan-store.ts";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack-api.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { testPlanSigner } from "../../support/test-plan-key.ts";
import { approved, failed, rollbackPlan, upgradePlan } from "../../unit/render/render-fixtures.ts";
import {
  ALICE,
  freshChannel,
  history,
  messageKinds,
  newThread,
  note,
  RATE_LIMITED,
  SCENARIOS,
  unique,
} from "./slack-fault-kinds.ts";

// Production waits 250 ms → 2 s between tries and gives up after 30 s; here the same rules, shorter.
const FAST: Partial<SlackRetryPolicy> = {
  minDelayMs: 20,
  maxDelayMs: 80,
  deadlineMs: 5000,
  requestTimeoutMs: 2000,
};
let slack: FakeSlack;
let redis: Redis;
let store: PlanStore;
let out: SlackOut;
const prefix = `wh-faults-slack-${randomBytes(4).toString("hex")}`;
const lines: string[] = [];
const log = createJsonLog("debug", (line) => lines.push(line));
// The calls made from now on (a mark in the fake's record, not a clock: setup may share the ms).
function callsFromNow() {
  const mark = slack.calls.length;
  const since = (method: string) => slack.calls.slice(mark).filter((c) => c.method === method);
  return {
    failed: (method: string) => since(method).filter((c) => c.status !== undefined).length,
    // When the fake first answered `method` normally: when the message arrived.
    arrivedAt: (method: string) =>
      since(method).find((c) => c.status === undefined)?.at ?? Number.NaN,
  };
}

const slackConfig = () => ({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl });

const lineSchema = z.looseObject({ level: z.string(), msg: z.string() });
const logged = (msg: string) =>
  lines.map((l) => lineSchema.parse(JSON.parse(l))).filter((l) => l.msg === msg);

beforeAll(async () => {
  slack = await startFakeSlack();
  redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
  store = new PlanStore(redis, { prefix, signer: testPlanSigner() });
  out = createSlackOut(webClientFor(slackConfig(), log), log, { retry: FAST });
});
afterEach(() => slack.faults.clear());
afterAll(async () => {
  await slack.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe("a Slack Web API that rate-limits or fails once", () => {
  for (const kind of messageKinds({ slack: () => slack, out: () => out })) {
    describe(kind.name, () => {
      for (const scenario of SCENARIOS) {
        const ambiguous = scenario.faults.some((f) => "afterEffect" in f && f.afterEffect);
        const expected = ambiguous ? (kind.copiesAfterAmbiguous ?? 1) : 1;
        const shown = expected === 1 ? "exactly once" : `${expected} times (accepted)`;
        it(`${scenario.name}: arrives ${shown}`, async () => {
          const sending = await kind.prepare();
          const calls = callsFromNow();
          const started = Date.now();
          slack.faults.failNext(kind.method, ...scenario.faults);
          await sending.send();
          expect(await sending.copies()).toBe(expected);
          expect(calls.failed(kind.method)).toBe(scenario.faults.length);
          expect(slack.faults.pending()).toBe(0);
          // A file is there once shared, whichever step the faults hit.
          const shownBy = kind.method.startsWith("file")
            ? "files.completeUploadExternal"
            : kind.method;
          if (scenario.waitsMs > 0)
            expect(calls.arrivedAt(shownBy) - started).toBeGreaterThanOrEqual(scenario.waitsMs);
        });
      }
    });
  }
});

describe("a Slack Web API that keeps failing", () => {
  it("gives up on a post after 4 tries (a bounded time), logs it redacted, and the thread goes on", async () => {
    const thread = await newThread(out);
    slack.faults.failAlways("chat.postMessage", { status: 503 });
    const calls = callsFromNow();
    const started = Date.now();
    const refused = out.reply(thread, note(unique("never shown")));
    await expect(refused).rejects.toMatchObject({ code: "slack_gave_up", attempts: 4 });
    // Test policy: 20 + 40 + 80 ms between tries (production: 250 + 500 + 1000 ms).
    expect(Date.now() - started).toBeLessThan(2000);
    expect(calls.failed("chat.postMessage")).toBe(4);
    expect(logged("Slack call gave up").at(-1)).toMatchObject({
      level: "error",
      method: "chat.postMessage",
      attempts: 4,
      code: "slack_webapi_http_error_503",
    });
    expect(lines.join("\n")).not.toContain(slack.token);

    slack.faults.failAlways("chat.postMessage", null);
    const text = unique("the next answer");
    await out.reply(thread, note(text));
    expect(slack.thread(thread.channel, thread.threadTs).map((m) => m.text)).toEqual([
      "the request",
      text,
    ]);
  });

  it("a Slack that posts every time but always answers 500: posted once, its ts returned", async () => {
    const thread = await newThread(out);
    slack.faults.failAlways("chat.postMessage", { status: 500, afterEffect: true });
    const text = unique("result");
    const ts = await out.reply(thread, note(text));
    const posted = slack.thread(thread.channel, thread.threadTs).filter((m) => m.text === text);
    expect(posted.map((m) => m.ts)).toEqual([ts]);
  });

  it("with production's policy, gives up on a 5xx that does not end within a few seconds", async () => {
    const production = createSlackOut(webClientFor(slackConfig(), log), log);
    slack.faults.failAlways("chat.update", { status: 500 });
    const thread = await newThread(out);
    const started = Date.now();
    await expect(
      production.update(thread.channel, thread.threadTs, note("x")),
    ).rejects.toMatchObject({ code: "slack_gave_up", attempts: SLACK_RETRY_DEFAULTS.attempts });
    // 250 + 500 + 1000 ms between the 4 tries.
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1750);
    expect(took).toBeLessThan(4000);
  });

  it("stops waiting on a 429 that does not end once the next Retry-After passes the deadline", async () => {
    const patient = createSlackOut(webClientFor(slackConfig(), log), log, {
      retry: { ...FAST, deadlineMs: 2500 },
    });
    slack.faults.failAlways("chat.update", RATE_LIMITED);
    const thread = await newThread(out);
    const started = Date.now();
    await expect(patient.update(thread.channel, thread.threadTs, note("x"))).rejects.toMatchObject({
      code: "slack_gave_up",
      attempts: 3,
    });
    // Two Retry-After waits of 1 s fit in 2.5 s; a third would end past it.
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(took).toBeLessThan(2500);
  });

  it("times out a request Slack does not answer, and tries again: arrives once", async () => {
    const thread = await newThread(out);
    const timely = createSlackOut(webClientFor(slackConfig(), log), log, {
      retry: { ...FAST, requestTimeoutMs: 300 },
    });
    slack.faults.failNext("chat.postMessage", { status: 504, hangMs: 5000 });
    const started = Date.now();
    const text = unique("deployed");
    await timely.reply(thread, note(text));
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(2000);
    const posted = slack.thread(thread.channel, thread.threadTs).filter((m) => m.text === text);
    expect(posted).toHaveLength(1);
  });

  it("does not wait for a Retry-After that ends past the deadline", async () => {
    slack.faults.failAlways("chat.postEphemeral", { status: 429, retryAfter: 60 });
    const started = Date.now();
    await expect(out.ephemeral(freshChannel(), ALICE, note("x"))).rejects.toMatchObject({
      code: "slack_gave_up",
      attempts: 1,
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("answers that are not failures (not_in_channel) are not retried", async () => {
    const channel = freshChannel();
    const strict = await startFakeSlack({ notInChannels: [channel] });
    try {
      const config = { SLACK_BOT_TOKEN: strict.token, SLACK_API_URL: strict.apiUrl };
      const elsewhere = createSlackOut(webClientFor(config, log), log, { retry: FAST });
      await expect(elsewhere.post(channel, note("x"))).rejects.toMatchObject({
        data: { error: "not_in_channel" },
      });
      expect(strict.callsTo("chat.postMessage")).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });
});

describe("the worker's messages in a plan's thread", () => {
  async function planInThread() {
    const thread = await newThread(out);
    const planTs = await out.reply(thread, note("the plan"));
    const context = { ...thread, messageTs: planTs, requester: ALICE, source: "mention" as const };
    const plan = await store.save(upgradePlan, context, 3600);
    const rollback = await store.save(rollbackPlan, { ...context, messageTs: null }, 3600);
    const running = { ...plan, state: "running" as const, decision: approved };
    const finished = {
      ...running,
      state: "failed" as const,
      execution: { ...failed, rollbackPlanId: rollback.id },
    };
    return { thread, planTs, running, finished, rollback };
  }

  it("running, the result, the plan kept in step and the rollback plan: each once, through 429s and 5xx", async () => {
    const { thread, planTs, running, finished, rollback } = await planInThread();
    const notifier = createSlackExecutionNotifier({ out, store, log });
    // started: plan update (429), "running" reply (500 after posting);
    // finished: plan update (503), running → result (429), rollback plan (500 after posting).
    slack.faults.failNext("chat.update", RATE_LIMITED, { status: 503 }, RATE_LIMITED);
    slack.faults.failNext(
      "chat.postMessage",
      { status: 500, afterEffect: true },
      { status: 500, afterEffect: true },
    );
    await notifier.started(running);
    await notifier.finished(finished);

    const shown = slack.thread(thread.channel, thread.threadTs);
    expect(shown.map((m) => m.ts)).toHaveLength(4);
    const [, plan, result, proposed] = shown;
    expect(plan?.ts).toBe(planTs);
    expect(plan?.text).toMatch(/failed/i);
    expect(result?.text).toMatch(/failed/i);
    expect(proposed?.text).toMatch(/roll/i);
    expect((await store.get(rollback.id))?.context.messageTs).toBe(proposed?.ts);
  });

  it("a result Slack refuses for good is logged, and the rollback plan is still proposed", async () => {
    const { thread, running, finished, rollback } = await planInThread();
    const notifier = createSlackExecutionNotifier({ out, store, log });
    await notifier.started(running);
    slack.faults.failAlways("chat.update", { status: 502 });
    await notifier.finished(finished);

    expect(logged("could not post the execution result").at(-1)).toMatchObject({
      planId: running.id,
      code: "slack_gave_up",
    });
    const proposed = slack.thread(thread.channel, thread.threadTs).at(-1);
    expect((await store.get(rollback.id))?.context.messageTs).toBe(proposed?.ts);
  });
});

describe("an alert's diagnosis thread", () => {
  it("the alert post, the diagnosis and its proposed plan, and the post's update: each once", async () => {
    const channel = freshChannel();
    const poster = createSlackThreadPoster({ out, store, log });
    const context = {
      channel,
      threadTs: "",
      messageTs: null,
      requester: "alertmanager",
      source: "alert" as const,
    };
    const plan = await store.save(rollbackPlan, context, 3600);
    slack.faults.failNext(
      "chat.postMessage",
      RATE_LIMITED,
      { status: 503 },
      {
        status: 500,
        afterEffect: true,
      },
    );
    slack.faults.failNext("chat.update", { status: 500, afterEffect: true });
    const alert = { summary: "KubePodCrashLooping shop/web", lines: ["firing since 12:00"] };
    const ts = await poster.post(channel, alert);
    await poster.reply(
      { channel, threadTs: ts },
      {
        summary: "shop/web: crash loop",
        lines: ["web-0 restarted 7 times"],
        plan: { id: plan.id, description: "Roll back shop/web to revision 2" },
      },
    );
    await poster.update(channel, ts, { ...alert, summary: "resolved: KubePodCrashLooping" });

    expect((await history(slack, channel)).map((m) => m.ts)).toEqual([ts]);
    const shown = slack.thread(channel, ts);
    expect(shown).toHaveLength(3);
    expect(shown[0]?.text).toMatch(/resolved/);
    expect((await store.get(plan.id))?.context.messageTs).toBe(shown[2]?.ts);
  });
});
