// The whole bot through a Slack Web API that answers 429 with Retry-After and 5xx: the answer to
// a mention, the plan, its updates on approval, the worker's running/result messages and the
// /helm notice on the response_url each arrive exactly once; a post Slack refuses for good is
// given up on and logged, and the same thread answers the next request. The message-by-message
// matrix (every kind × every fault) is test/integration/faults/slack-errors.test.ts.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createJsonLog } from "../../src/observe/log.ts";
import type { SlackRetryPolicy } from "../../src/slack/slack-retry.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import type { FakeMessage } from "../support/fake-slack-api.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import {
  ALICE,
  BOB,
  CHANNEL,
  type Harness,
  installWebapp,
  startHarness,
  textOf,
} from "./e2e-support.ts";

const FAST: Partial<SlackRetryPolicy> = { minDelayMs: 20, maxDelayMs: 80, deadlineMs: 5000 };
const OUTSIDE = "C0NOTMEMBER";
const RATE_LIMITED = { status: 429, retryAfter: 1 } as const;
const POSTED_BUT_500 = { status: 500, afterEffect: true } as const;

describe("the bot through a Slack that rate-limits and fails", () => {
  let h: Harness;
  let namespace: string;
  const lines: string[] = [];

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-slack-faults");
    await installWebapp(helm, "shop", namespace);
    h = await startHarness("slack-faults", helm, {
      slackRetry: FAST,
      notInChannels: [OUTSIDE],
      log: createJsonLog("info", (line) => lines.push(line)),
    });
  });
  afterAll(async () => {
    await h?.close();
    await deleteNamespace(namespace);
  });

  const botMessages = (thread: string) =>
    h.slack.thread(CHANNEL, thread).filter((m) => m.user === h.slack.botUserId);
  // No message of the bot's shows twice in the thread.
  const expectNoDuplicates = (messages: FakeMessage[]) => {
    const texts = messages.map(textOf);
    expect(texts).toEqual([...new Set(texts)]);
  };
  // Work after the ack done, and every scripted fault was met by a call.
  const settled = async () => {
    await h.bot.app?.idle();
    expect(h.slack.faults.pending()).toBe(0);
  };

  it("answers a read once, through a 429 and a 500 that came after Slack posted it", async () => {
    h.slack.faults.failNext("chat.postMessage", RATE_LIMITED, POSTED_BUT_500);
    const started = Date.now();
    const thread = await h.ask(`status shop -n ${namespace}`);
    await h.reply(thread, /deployed/);
    await settled();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(botMessages(thread).filter((m) => /deployed/.test(textOf(m)))).toHaveLength(1);
    expectNoDuplicates(botMessages(thread));
  });

  it("plans, approves, runs and reports once each through 429s and 5xx; helm runs once", async () => {
    h.slack.faults.failNext("chat.postMessage", RATE_LIMITED);
    const thread = await h.ask(`upgrade shop -n ${namespace} to 1.1.0`);
    const { id, message } = await h.plan(thread);
    await settled();

    // The approval's plan update, the worker's: the first fails, the second is rate-limited;
    // the worker's "running" reply lands but its answer is lost.
    h.slack.faults.failNext("chat.update", { status: 503 }, RATE_LIMITED);
    h.slack.faults.failNext("chat.postMessage", POSTED_BUT_500);
    expect((await h.approve(id, BOB, message)).status).toBe(200);
    const result = await h.result(thread, id);
    await settled();
    expect(textOf(result)).toContain("done and healthy");
    const plan = h.slack.message(CHANNEL, message.ts);
    expect(plan && textOf(plan)).toMatch(/Approved by @U0BOB .*succeeded/);
    const replies = botMessages(thread);
    expect(replies.filter((m) => h.planState(m) !== "" && m.ts !== message.ts)).toHaveLength(1);
    expectNoDuplicates(replies);
    const history = await h.helm.history({ name: "shop", namespace });
    expect(history.map((r) => r.revision)).toEqual([1, 2]);
  });

  it("gives up on an answer Slack refuses for good, logs it, and the thread answers the next one", async () => {
    h.slack.faults.failAlways("chat.postMessage", { status: 503 });
    const thread = await h.ask(`history shop -n ${namespace}`);
    await h.slack.waitFor("the give-up in the log", () =>
      lines.some((l) => l.includes("Slack call gave up")),
    );
    await settled();
    h.slack.faults.failAlways("chat.postMessage", null);
    expect(botMessages(thread)).toHaveLength(0);
    const gaveUp = lines.find((l) => l.includes("Slack call gave up")) ?? "";
    expect(JSON.parse(gaveUp)).toMatchObject({
      level: "error",
      method: "chat.postMessage",
      code: "slack_webapi_http_error_503",
    });
    expect(lines.join("\n")).not.toContain(h.slack.token);

    await h.slack.mention(`status shop -n ${namespace}`, {
      user: ALICE,
      channel: CHANNEL,
      threadTs: thread,
    });
    await h.reply(thread, /deployed/);
  });

  it("tells someone in a channel it is not in how to invite it, once, through a 500", async () => {
    h.slack.faults.failNext("response_url", { status: 500 });
    expect((await h.slack.command("help", ALICE, OUTSIDE)).status).toBe(200);
    const notices = () => h.slack.ephemerals.filter((e) => e.channel === OUTSIDE);
    await h.slack.waitFor("the invite notice", () => notices().length > 0);
    await settled();
    expect(notices()).toHaveLength(1);
    expect(notices()[0]?.text).toMatch(/invite me/);
  });
});
