// The HTTP surface Slack and Kubernetes talk to: only signed, fresh requests get in; /helm
// commands answer in a thread of their own; DMs work; probes and metrics answer.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { mentionPayload, signRequest } from "../support/slack-requests.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import {
  ALICE,
  CHANNEL,
  type Harness,
  installWebapp,
  startHarness,
  textOf,
} from "./e2e-support.ts";

describe("the Slack surface", () => {
  let h: Harness;
  let namespace: string;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-surface");
    await installWebapp(helm, "catalog", namespace);
    h = await startHarness("surface", helm);
  });
  afterAll(async () => {
    await h?.close();
    await deleteNamespace(namespace);
  });

  it("answers 401 to a forged signature and to a stale timestamp, and nothing runs", async () => {
    const payload = mentionPayload({
      text: `uninstall catalog -n ${namespace}`,
      user: ALICE,
      channel: CHANNEL,
      botUserId: h.slack.botUserId,
    });
    const forged = await h.slack.sendEvent(payload, {
      signature: signRequest(
        "not-the-secret",
        Math.floor(Date.now() / 1000),
        JSON.stringify(payload),
      ),
    });
    const stale = await h.slack.sendEvent(payload, {
      timestamp: Math.floor(Date.now() / 1000) - 10 * 60,
    });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await h.bot.app?.idle();
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(0);
    expect(h.bot.metrics.value("wheelhouse_requests_total", { source: "mention" })).toBe(0);
    expect((await h.helm.history({ name: "catalog", namespace })).map((r) => r.revision)).toEqual([
      1,
    ]);
  });

  it("acks /helm at once and answers in a thread of its own message", async () => {
    const response = await h.slack.command(`history catalog -n ${namespace}`, ALICE, CHANNEL);
    expect(response.status).toBe(200);
    expect(response.body).toBe("");
    const top = await h.slack.waitFor("the command's message", () =>
      h.slack.callsTo("chat.postMessage").find((c) => c.args.thread_ts === undefined),
    );
    const ts = String(top.response.ts);
    const reply = await h.reply(ts, /History of/);
    expect(textOf(reply)).toMatch(/1 +🟢 deployed +webapp-1\.0\.0/);
    const asked = h.slack.message(CHANNEL, ts);
    expect(asked && textOf(asked)).toContain("@U0ALICE asked: `/helm history catalog");
  });

  it("answers /helm help and /helm audit", async () => {
    await h.slack.command("help", ALICE, CHANNEL);
    await h.slack.command(`audit catalog -n ${namespace}`, ALICE, CHANNEL);
    await h.bot.app?.idle();
    const texts = h.slack.callsTo("chat.postMessage").map((c) => String(c.args.text));
    expect(texts.some((t) => t.startsWith("What I can do"))).toBe(true);
    expect(
      texts.some((t) => t.startsWith("Audit trail for") || t.startsWith("No audit entries for")),
    ).toBe(true);
  });

  it("diagnoses a release: workloads looked at once, with its recent history", async () => {
    const response = await h.slack.sendCommand(`diagnose catalog -n ${namespace}`, ALICE, CHANNEL);
    expect(response.status).toBe(200);
    const top = await h.slack.waitFor("the command's message", () =>
      h.slack
        .callsTo("chat.postMessage")
        .find((c) => String(c.args.text).includes("/helm diagnose")),
    );
    const reply = await h.reply(String(top.response.ts), /looks healthy|not healthy/);
    expect(textOf(reply)).toMatch(/✅ `catalog` in `e2e-surface-\w+` looks healthy/);
    expect(textOf(reply)).toMatch(/1 workload \(Deployment catalog\), 1 rolled out/);
  });

  it("finds a release installed after its release list was cached", async () => {
    await h.reply(await h.ask(`history catalog -n ${namespace}`), /History of/);
    const late = await createNamespace("e2e-surface-late");
    try {
      await installWebapp(h.helm, "ledger", late);
      await h.reply(await h.ask(`history ledger -n ${late}`), /History of/);
    } finally {
      await deleteNamespace(late);
    }
  });

  it("answers a direct message in its thread", async () => {
    const { ts } = await h.slack.dm(`list releases in ${namespace}`, {
      user: ALICE,
      channel: "D0ALICEDM",
    });
    const reply = await h.slack.waitFor("the DM answer", () =>
      h.slack.thread("D0ALICEDM", ts).find((m) => m.user === h.slack.botUserId),
    );
    expect(textOf(reply)).toMatch(/\*1 release\* in `e2e-surface-/);
    expect(textOf(reply)).toMatch(/🟢 catalog/);
  });

  it("says what is wrong with bad input, and plans nothing", async () => {
    const thread = await h.ask("upgrade catalog; rm -rf /");
    const reply = await h.reply(thread, /.+/);
    expect(textOf(reply)).not.toMatch(/Plan:/);
    const bogus = await h.ask(`rollback nosuchrelease -n ${namespace}`);
    const answer = await h.reply(bogus, /.+/);
    expect(textOf(answer)).toMatch(/no release|Which release|not/i);
    expect(h.bot.metrics.value("wheelhouse_plans_total", { result: "plan" })).toBe(0);
  });

  it("serves /healthz and a bare /readyz on the Slack-facing port, and no /metrics", async () => {
    const base = h.eventsUrl.replace("/slack/events", "");
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: [
        { name: "redis", ok: true },
        { name: "cluster", ok: true },
      ],
    });
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });

  it("serves /metrics, /healthz and /readyz on its own observability port", async () => {
    const base = `http://127.0.0.1:${h.bot.observabilityPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ ready: true });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^# TYPE wheelhouse_requests_total counter$/m);
    expect(metrics).toMatch(/^wheelhouse_requests_total\{source="command"\} [1-9]/m);
    expect(metrics).toMatch(/^wheelhouse_queue_jobs\{state="waiting"\} \d+$/m);
    expect(metrics).toMatch(/^wheelhouse_queue_oldest_waiting_seconds \d/m);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });
});
