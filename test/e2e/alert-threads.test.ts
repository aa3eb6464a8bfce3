// The alert path through the whole bot: Alertmanager posts to the app's /alerts/alertmanager
// (bearer token, the app's own HTTP port), a thread opens in the channel the policy routes the
// namespace to, with the alert, the diagnosis and the recommended plan's buttons; approving the
// rollback from the alert thread runs it and the release is healthy; repeated and resolved
// notifications update the thread. Hostile, secret-bearing alerts, events and logs ping no one
// and leak nothing: checked on every call the fake Slack recorded. And the ack latency of 50
// concurrent notifications, measured against the real app.
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import type { HelmClient } from "../../src/helm/helm-client.ts";
import { percentile, postAlert, serveRoute } from "../integration/alerts/alert-test-support.ts";
import { alertFixture, type FixtureValues } from "../support/alertmanager-fixtures.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { OPEN_POLICY } from "../support/open-policy.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import {
  createHostileEvent,
  messageAt,
  planOf,
  resultOf,
  threadOf,
} from "./alert-thread-support.ts";
import { BOB, type Harness, startHarness, textOf } from "./e2e-support.ts";
import { ARGO_CD_CHART, crashingPod, installChart, upgradeToCrash } from "./journey-support.ts";
import { findLeaks, LOG_SECRETS, type Planted } from "./planted-secrets.ts";

const TOKEN = "alertmanager-e2e-token-0123456789";
const ALERTS = "C0ALERTS";
// The credentials in test/fixtures/alertmanager/hostile.json and in the hostile event.
const ALERT_SECRETS: Planted[] = [
  { where: "alert summary DB_PASSWORD=…", value: "Qm9vdHN0cmFwUGFzc3dvcmQx" },
  { where: "alert description Bearer …", value: "QWxlcnRTaWduYXR1cmUx" },
  { where: "event DB_PASSWORD=…", value: "RXZlbnRQYXNzd29yZDE2Nzg" },
  { where: "event Bearer …", value: "RXZlbnRCZWFyZXJUb2tlbjE" },
];

const burstSchema = z.array(z.object({ status: z.number(), ms: z.number() }));

async function postBurst(url: string, bodies: string[]) {
  const script = join(import.meta.dirname, "..", "integration", "alerts", "post-burst.ts");
  const input = JSON.stringify({ url, token: TOKEN, bodies });
  const { stdout } = await execa(process.execPath, [script], { input });
  return burstSchema.parse(JSON.parse(stdout));
}

describe("Alertmanager → alert thread → approved rollback → healthy", () => {
  let h: Harness;
  let helm: HelmClient;
  let namespace: string;
  let url: string;
  let values: FixtureValues;
  const argocd = () => ({ name: "argocd", namespace });
  const send = (body: string) => postAlert(url, body, TOKEN);
  const idle = () => h.bot.app?.idle();

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-alerts");
    await installChart(helm, argocd(), ARGO_CD_CHART);
    await helm.mutate({
      kind: "install",
      release: { name: "ledger", namespace },
      chart: "fixtures/secrets",
      version: "1.0.0",
      // Its container crash-loops from the start and logs credentials (test/fixtures/cluster).
      wait: false,
    });
    await upgradeToCrash(helm, argocd(), ARGO_CD_CHART, { "global.image.tag": "v2.14.0-crash" });
    values = {
      NAMESPACE: namespace,
      POD: await crashingPod(argocd()),
      DEPLOYMENT: "argocd-server",
    };
    const policy = { ...OPEN_POLICY, alertRoutes: [{ channel: ALERTS, namespaces: [namespace] }] };
    h = await startHarness("alerts", helm, {
      policy,
      timeoutSeconds: 30,
      app: { alerts: { ALERTMANAGER_TOKEN: TOKEN, ALERTMANAGER_MAX_BODY_BYTES: 64 * 1024 } },
    });
    url = `http://127.0.0.1:${h.bot.port}/alerts/alertmanager`;
  });
  afterAll(async () => {
    await idle();
    await h?.close();
    await deleteNamespace(namespace);
  });

  it("opens a thread with the diagnosis and the rollback's buttons; approving it there makes the release healthy", async () => {
    expect((await send(alertFixture("firing", values))).status).toBe(202);
    const root = await threadOf(h.slack, ALERTS, /\[FIRING\] KubePodCrashLooping/);
    const rootText = textOf(root);
    expect(rootText).toContain(
      `🔥 *[FIRING] KubePodCrashLooping in ${namespace}: release ${namespace}/argocd*`,
    );
    expect(rootText).toContain(`Pod/${values.POD} → release ${namespace}/argocd`);

    const plan = await planOf(h.slack, ALERTS, root.ts);
    const thread = h.slack.thread(ALERTS, root.ts).map(textOf);
    const diagnosis = thread.find((t) => t.includes("is *not healthy*")) ?? "";
    expect(diagnosis).toContain("`crash-loop` · critical");
    expect(diagnosis).toMatch(/Introduced by\* revision 2, .*v2\.14\.0-crash/);
    expect(diagnosis).toContain("Recommended: roll back to revision 1");
    expect(diagnosis).toContain("The plan follows in this thread");
    const planText = textOf(plan.message);
    expect(planText).toMatch(/Plan: Roll back argocd \(e2e-alerts-\w+\) to revision 1/);
    expect(planText).toContain("asked by alertmanager");
    expect(planText).toContain("[Approve] [Reject]");

    await h.approve(plan.id, BOB, plan.message);
    const result = await resultOf(h.slack, ALERTS, root.ts, plan.id);
    expect(textOf(result)).toMatch(/Roll back argocd .*done and healthy/);
    expect(await h.bot.store.get(plan.id)).toMatchObject({
      state: "succeeded",
      context: { channel: ALERTS, threadTs: root.ts, requester: "alertmanager", source: "alert" },
    });
    const history = await helm.history(argocd());
    expect(history.map((r) => [r.revision, r.status])).toEqual([
      [1, "superseded"],
      [2, "superseded"],
      [3, "deployed"],
    ]);
  });

  it("updates the thread for a repeated notification and marks it resolved", async () => {
    const root = await threadOf(h.slack, ALERTS, /KubePodCrashLooping/);
    const replies = h.slack.thread(ALERTS, root.ts).length;
    expect((await send(alertFixture("repeated", values))).status).toBe(202);
    await idle();
    const repeated = messageAt(h.slack, ALERTS, root.ts);
    expect(textOf(repeated)).toContain("Notified 2 times");
    expect(h.slack.thread(ALERTS, root.ts)).toHaveLength(replies);

    expect((await send(alertFixture("resolved", values))).status).toBe(202);
    await idle();
    const resolved = messageAt(h.slack, ALERTS, root.ts);
    expect(textOf(resolved)).toContain("✅ *[RESOLVED] KubePodCrashLooping");
    expect(h.slack.thread(ALERTS, root.ts).map(textOf).at(-1)).toContain(
      "All alerts of the group are resolved",
    );
    const threads = h.slack
      .callsTo("chat.postMessage")
      .filter((c) => c.args.thread_ts === undefined);
    expect(threads.filter((c) => String(c.args.text).includes("KubePodCrashLooping"))).toHaveLength(
      1,
    );
  });

  it("pings no one and leaks nothing from hostile, secret-bearing alerts, events and logs", async () => {
    const ledger = { name: "ledger", namespace };
    const pod = await crashingPod(ledger);
    await createHostileEvent(namespace, pod);
    expect((await send(alertFixture("hostile", { NAMESPACE: namespace, POD: pod }))).status).toBe(
      202,
    );
    await idle();
    const root = await threadOf(h.slack, ALERTS, /LedgerDown/);
    const texts = h.slack.thread(ALERTS, root.ts).map(textOf).join("\n");
    // Shown, as literal text: the alert, the event and the crashed container's log.
    expect(texts).toContain("<!channel> ledger is down");
    expect(texts).toContain("Hostile: <!channel>");
    expect(texts).toContain("ledger cannot reach its database");
    expect(texts).toContain("No change to plan");

    const sent = JSON.stringify(
      h.slack.calls
        .filter((c) => c.method.startsWith("chat."))
        .map((c) => ({ text: c.args.text, blocks: c.args.blocks, metadata: c.args.metadata })),
    );
    for (const live of ["<!channel>", "<!here>", "<!subteam^", "<@U0EVIL>", "<https://evil"])
      expect(sent, live).not.toContain(live);
    expect(
      findLeaks([...ALERT_SECRETS, ...LOG_SECRETS], {
        "Slack calls": JSON.stringify(h.slack.calls),
      }),
    ).toEqual([]);
  });

  it("acknowledges 50 concurrent notifications through the app while their work runs", async () => {
    const bodies = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({
        ...JSON.parse(alertFixture("unknown-workload", values)),
        groupKey: `{}:{burst="${i % 10}", ns="${namespace}"}`,
      }),
    );
    const bare = await serveRoute({
      path: "/alerts/alertmanager",
      method: ["POST"],
      handler: (req, res) => {
        req.resume().on("end", () => res.writeHead(202).end('{"accepted":true}\n'));
      },
    });
    const baseline = (await postBurst(bare.url, bodies)).map((a) => a.ms);
    await bare.close();
    const before = h.slack.callsTo("chat.postMessage").length;
    const answers = await postBurst(url, bodies);
    const ms = answers.map((a) => a.ms);
    const figures = (v: number[]) =>
      `p50 ${percentile(v, 50).toFixed(1)} ms, p99 ${percentile(v, 99).toFixed(1)} ms`;
    process.stdout.write(
      `webhook ack latency through the app, 50 concurrent: ${figures(ms)} (bare Node server: ${figures(baseline)})\n`,
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(percentile(ms, 99)).toBeLessThan(Math.max(1000, 3 * percentile(baseline, 99)));
    await idle();
    const opened = h.slack
      .callsTo("chat.postMessage")
      .slice(before)
      .filter((c) => c.args.thread_ts === undefined);
    expect(opened).toHaveLength(10);
  });
});
