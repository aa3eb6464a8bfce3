// What createSlackApp checks before it listens: a bot token Slack accepts, a signing secret in
// HTTP mode, and the receiver chosen by SLACK_APP_TOKEN (Socket Mode) or not (HTTP).
import { HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config.ts";
import { makePlan } from "../../../src/gather/make-plan.ts";
import { emptyIntent } from "../../../src/model/intent.ts";
import { silentLog } from "../../../src/observe/log.ts";
import { DEFAULT_POLICY } from "../../../src/policy/default-policy.ts";
import { createSlackApp } from "../../../src/slack/create-slack-app.ts";
import type { SlackAppDeps } from "../../../src/slack/slack-deps.ts";
import { slackApiUrl } from "../../../src/slack/web-client-for.ts";
import { AuditLog } from "../../../src/store/audit-log.ts";
import { PlanStore } from "../../../src/store/plan-store.ts";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack-api.ts";
import { emptyKube, inventoryHelm } from "../../support/inventory-helm.ts";
import { testPlanSigner } from "../../support/test-plan-key.ts";

describe("createSlackApp", () => {
  let slack: FakeSlack;
  let redis: Redis;
  let deps: SlackAppDeps;

  beforeAll(async () => {
    slack = await startFakeSlack();
    // Never connected: nothing here reaches Redis.
    redis = new Redis({ lazyConnect: true });
    deps = {
      helm: inventoryHelm([], "bench"),
      kube: emptyKube,
      redis,
      store: new PlanStore(redis, { signer: testPlanSigner() }),
      audit: new AuditLog(redis, { log: () => {} }),
      queue: { enqueue: async () => ({ enqueued: true }), close: async () => {} },
      policy: DEFAULT_POLICY,
      analyze: async () => emptyIntent("help"),
      makePlan,
      log: silentLog,
    };
  });
  afterAll(async () => {
    redis.disconnect();
    await slack.close();
  });

  const config = () => ({
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: slack.signingSecret,
    SLACK_API_URL: `${slack.origin}/api`,
    PORT: 0,
  });

  it("picks the HTTP receiver, or Socket Mode when SLACK_APP_TOKEN is set", async () => {
    const http = await createSlackApp({ config: config(), deps });
    expect(http.botUserId).toBe("U0WHEELBOT");
    expect(Reflect.get(http.app, "receiver")).toBeInstanceOf(HTTPReceiver);
    const socket = await createSlackApp({
      config: { ...config(), SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: "xapp-1-test" },
      deps,
    });
    expect(Reflect.get(socket.app, "receiver")).toBeInstanceOf(SocketModeReceiver);
  });

  it("fails fast, readably, without a usable token or a signing secret", async () => {
    await expect(
      createSlackApp({ config: { ...config(), SLACK_BOT_TOKEN: undefined }, deps }),
    ).rejects.toThrow(ConfigError);
    await expect(
      createSlackApp({ config: { ...config(), SLACK_SIGNING_SECRET: undefined }, deps }),
    ).rejects.toThrow(/SLACK_SIGNING_SECRET/);
    await expect(
      createSlackApp({ config: { ...config(), SLACK_BOT_TOKEN: "xoxb-revoked" }, deps }),
    ).rejects.toThrow(/auth.test refused it \(invalid_auth\)/);
  });

  it("gives the Web API URL its trailing slash", () => {
    expect(slackApiUrl("http://127.0.0.1:1/api")).toBe("http://127.0.0.1:1/api/");
    expect(slackApiUrl(undefined)).toBeUndefined();
  });
});
