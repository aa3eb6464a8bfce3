// The worker role on its own, as its Deployment runs it: /metrics, /healthz and /readyz on its
// observability port (it has no Slack-facing port), with real Redis and the real cluster; the
// queue's depth and age read from BullMQ when scraped, and the logs it writes are pino's JSON.
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Bot, startBot } from "../../../src/app/start-bot.ts";
import { EXECUTION_QUEUE_NAME } from "../../../src/exec/execution-job.ts";
import { KubectlClient } from "../../../src/kube/kubectl-client.ts";
import { KubectlLogReader } from "../../../src/kube/kubectl-logs.ts";
import { createJsonLog } from "../../../src/observe/log.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { OPEN_POLICY } from "../../support/open-policy.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { TEST_PLAN_KEY } from "../../support/test-plan-key.ts";

describe("the worker's observability port", () => {
  const prefix = `wh-observe-${randomBytes(4).toString("hex")}`;
  const lines: string[] = [];
  let redis: Redis;
  let bot: Bot;
  let base: string;

  beforeAll(async () => {
    redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
    const kube = new KubectlClient({ bin: env.kubectlBin, kubeconfig: env.kubeconfig });
    bot = await startBot({
      role: "worker",
      config: { SLACK_BOT_TOKEN: "xoxb-0-not-used-by-this-test", PORT: 0 },
      redis,
      connection: { url: env.redisUrl, maxRetriesPerRequest: null },
      prefix,
      helm: await createTestHelm(env.helm4Bin, inject("chartRepoUrl")),
      kube,
      logs: new KubectlLogReader({ bin: env.kubectlBin, kubeconfig: env.kubeconfig }),
      policy: OPEN_POLICY,
      planKey: TEST_PLAN_KEY,
      analyze: () => Promise.reject(new Error("a worker analyses nothing")),
      log: createJsonLog("debug", (l) => lines.push(l), { role: "worker" }),
      observability: { port: 0, host: "127.0.0.1" },
    });
    base = `http://127.0.0.1:${bot.observabilityPort}`;
  });
  afterAll(async () => {
    await bot.close();
    await redis.quit();
  });

  it("answers /healthz, and /readyz with what it checked", async () => {
    expect(bot.port).toBeNull();
    expect(await (await fetch(`${base}/healthz`)).text()).toBe("ok\n");
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({
      ready: true,
      checks: [
        { name: "redis", ok: true },
        { name: "cluster", ok: true },
      ],
    });
    expect((await fetch(`${base}/slack/events`)).status).toBe(404);
  });

  it("serves the queue's depth and the age of its oldest waiting job, read when scraped", async () => {
    // A job nobody takes: a paused queue keeps it waiting.
    const queue = new Queue(EXECUTION_QUEUE_NAME, {
      connection: { url: env.redisUrl, maxRetriesPerRequest: null },
      prefix,
    });
    try {
      await bot.worker?.close();
      await queue.add("execute", { planId: "Abcdefghijkl", token: "t" }, { jobId: "waits" });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(/^# TYPE wheelhouse_queue_jobs gauge$/m);
      expect(text).toMatch(/^wheelhouse_queue_jobs\{state="waiting"\} 1$/m);
      const age = Number(/^wheelhouse_queue_oldest_waiting_seconds (\S+)$/m.exec(text)?.[1]);
      expect(age).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^# TYPE wheelhouse_execution_duration_seconds histogram$/m);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it("logs pino JSON lines with the role and component on each (the stop above wrote some)", () => {
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.length).toBeGreaterThan(0);
    for (const line of parsed) expect(line).toMatchObject({ role: "worker" });
    expect(parsed.some((l) => l.component === "worker" && /stopp/.test(l.msg))).toBe(true);
  });
});
