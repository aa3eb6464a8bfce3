// Alertmanager's notifications through the webhook on a real HTTP server, into threads: real
// Redis, the real cluster for mapping and diagnosis (a release crash-looping after an upgrade),
// the chat recorded. One thread per group, repeats update it, new alerts are added, resolved
// marks it, unknown workloads get a short thread, refused requests post nothing, and two
// replicas racing on one group post it once.
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { type AlertRoutes, createAlertRoutes } from "../../../src/alerts/create-alert-routes.ts";
import { parsePolicy } from "../../../src/policy/parse-policy.ts";
import { createAlertThreadStore } from "../../../src/store/alert-threads.ts";
import {
  alertFixture,
  type FixtureValues,
  malformedFixtures,
} from "../../support/alertmanager-fixtures.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { createTestRedis, type TestRedis } from "../store/redis-test-support.ts";
import {
  createRecordingPoster,
  percentile,
  postAlert,
  type RecordingPoster,
  type RouteServer,
  realDiagnose,
  serveRoute,
  testKube,
  testLog,
  textOf,
} from "./alert-test-support.ts";

const TOKEN = "alertmanager-test-token-0123456789";

const burstSchema = z.array(z.object({ status: z.number(), ms: z.number() }));

// From a process of its own, as Alertmanager would: the test's own event loop is not the client's.
async function postBurst(url: string, token: string, bodies: string[]) {
  const script = join(import.meta.dirname, "post-burst.ts");
  const input = JSON.stringify({ url, token, bodies });
  const { stdout } = await execa(process.execPath, [script], { input });
  return burstSchema.parse(JSON.parse(stdout));
}

// The alert fires once the new pod crash-loops, as Prometheus would see it.
async function waitForCrashLoop(namespace: string) {
  const kube = testKube();
  for (let i = 0; i < 120; i++) {
    const selector = "app.kubernetes.io/instance=shop";
    const pods = await kube.get({ resource: "pods", namespace, selector });
    if (pods.some((p) => JSON.stringify(p).includes("CrashLoopBackOff"))) return pods;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the upgraded pod never crash-looped");
}
const MAX_BODY = 16 * 1024;
const CHANNEL = "C0ALERTS";

interface Replica {
  routes: AlertRoutes;
  server: RouteServer;
}

describe("the Alertmanager webhook, end to end", () => {
  let namespace: string;
  let redis: TestRedis;
  let poster: RecordingPoster;
  let values: FixtureValues;
  const replicas: Replica[] = [];
  const kube = testKube();

  async function startReplica(): Promise<Replica> {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    const policy = parsePolicy(
      `channels: { "*": {} }\nalertRoutes: [{ channel: ${CHANNEL}, namespaces: ["${namespace}"] }]`,
      "test",
    );
    const routes = createAlertRoutes({
      config: { ALERTMANAGER_TOKEN: TOKEN, ALERTMANAGER_MAX_BODY_BYTES: MAX_BODY },
      deps: {
        // Each replica its own Redis connection, as separate processes would have.
        store: createAlertThreadStore(redis.connect(), { prefix: redis.prefix }),
        kube,
        policy,
        poster,
        diagnose: realDiagnose(helm),
        log: testLog,
      },
    });
    const route = routes.routes[0];
    if (route === undefined) throw new Error("no route with a token set");
    const replica = { routes, server: await serveRoute(route) };
    replicas.push(replica);
    return replica;
  }

  const idle = () => Promise.all(replicas.map((r) => r.routes.idle()));
  const send = (replica: Replica, body: string, token: string | null = TOKEN) =>
    postAlert(replica.server.url, body, token);
  const withGroupKey = (body: string, groupKey: string) =>
    JSON.stringify({ ...JSON.parse(body), groupKey });

  beforeAll(async () => {
    namespace = await createNamespace("alerts-hook");
    redis = createTestRedis("alerts");
    poster = createRecordingPoster();
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    const shop = { name: "shop", namespace };
    await helm.mutate({
      kind: "install",
      release: shop,
      chart: "fixtures/webapp",
      version: "1.0.0",
      wait: true,
      timeoutSeconds: 60,
    });
    // 1.2.0's image crashes: the new ReplicaSet's pod crash-loops beside the old, ready ones.
    await helm.mutate({
      kind: "upgrade",
      release: shop,
      chart: "fixtures/webapp",
      version: "1.2.0",
      valuesStrategy: "reset-then-reuse",
    });
    await helm.mutate({
      kind: "install",
      release: { name: "ledger", namespace },
      chart: "fixtures/datastore",
      version: "0.1.0",
    });
    const pods = await waitForCrashLoop(namespace);
    const [crashing] = pods.filter((p) => JSON.stringify(p).includes("webapp-crash"));
    const [ready] = pods.filter((p) => !JSON.stringify(p).includes("webapp-crash"));
    values = {
      NAMESPACE: namespace,
      POD: crashing?.metadata.name ?? "missing",
      POD2: ready?.metadata.name ?? "missing",
      DEPLOYMENT: "shop",
      STATEFULSET: "ledger-db",
    };
    await startReplica();
  });

  afterAll(async () => {
    await idle();
    await Promise.all(replicas.map((r) => r.server.close()));
    await redis.cleanup();
    await deleteNamespace(namespace);
  });

  const first = () => {
    const replica = replicas[0];
    if (replica === undefined) throw new Error("no replica");
    return replica;
  };

  it("opens one thread for a firing group: the alert, then the diagnosis", async () => {
    const answer = await send(first(), alertFixture("firing", values));
    expect(answer.status).toBe(202);
    await idle();
    expect(poster.threads).toHaveLength(1);
    const [thread] = poster.threads;
    expect(thread?.channel).toBe(CHANNEL);
    expect(thread?.first.summary).toBe(
      `[FIRING] KubePodCrashLooping in ${namespace}: release ${namespace}/shop`,
    );
    expect(textOf(thread?.first ?? { summary: "", lines: [] })).toContain(
      `Pod/${values.POD} → release ${namespace}/shop`,
    );
    expect(thread?.replies).toHaveLength(1);
    const diagnosis = textOf(thread?.replies[0] ?? { summary: "", lines: [] });
    expect(diagnosis).toContain(`Diagnosis of ${namespace}/shop: crash-loop`);
    expect(diagnosis).toContain("Recommended: roll back to revision 1.");
    expect(diagnosis).not.toContain("s3cr3t-default");
  });

  it("updates that thread for a repeated notification, and says nothing new", async () => {
    expect((await send(first(), alertFixture("repeated", values))).status).toBe(202);
    await idle();
    expect(poster.threads).toHaveLength(1);
    const thread = poster.threads[0];
    expect(thread?.updates).toBe(1);
    expect(thread?.current.lines.join("\n")).toContain("Notified 2 times");
    expect(thread?.replies).toHaveLength(1);
  });

  it("adds a new alert of the group to the thread", async () => {
    await send(first(), alertFixture("added", values));
    await idle();
    const thread = poster.threads[0];
    expect(poster.threads).toHaveLength(1);
    expect(thread?.replies).toHaveLength(2);
    const added = textOf(thread?.replies[1] ?? { summary: "", lines: [] });
    expect(added).toContain("New in this group:");
    expect(added).toContain(`Pod/${values.POD2} → release ${namespace}/shop`);
    expect(thread?.current.lines.join("\n")).toContain("2 of 2 alerts firing");
  });

  it("marks the thread resolved", async () => {
    await send(first(), alertFixture("resolved", values));
    await idle();
    const thread = poster.threads[0];
    expect(thread?.current.summary).toMatch(/^\[RESOLVED\] KubePodCrashLooping/);
    expect(textOf(thread?.replies.at(-1) ?? { summary: "", lines: [] })).toContain(
      "All alerts of the group are resolved",
    );
  });

  it("opens one thread for a group of several alerts, diagnosing each release once", async () => {
    await send(first(), alertFixture("grouped", values));
    await idle();
    expect(poster.threads).toHaveLength(2);
    const thread = poster.threads[1];
    expect(thread?.first.summary).toBe(
      `[FIRING] 3 alerts in ${namespace}: releases ${namespace}/shop, ${namespace}/ledger`,
    );
    expect(thread?.replies.map((r) => r.summary.replace(/:.*/, ""))).toEqual([
      `Diagnosis of ${namespace}/shop`,
      `Diagnosis of ${namespace}/ledger`,
    ]);
  });

  it("opens a short thread for a workload no release owns", async () => {
    await send(first(), alertFixture("unknown-workload", values));
    await idle();
    expect(poster.threads).toHaveLength(3);
    const thread = poster.threads[2];
    expect(thread?.first.summary).toBe(
      `[FIRING] KubePodCrashLooping in ${namespace}: no Helm release found`,
    );
    expect(textOf(thread?.first ?? { summary: "", lines: [] })).toContain(
      `no Pod ghost-worker-7c9d5f8b6-q2x7k in ${namespace}`,
    );
    expect(thread?.replies).toEqual([]);
  });

  it("refuses unauthenticated, oversize and malformed requests, and posts nothing", async () => {
    const before = poster.threads.length;
    const body = alertFixture("unauthenticated", values);
    expect((await send(first(), body, null)).status).toBe(401);
    expect((await send(first(), body, "a-wrong-token-of-some-length")).status).toBe(401);
    const oversize = await send(first(), alertFixture("oversize"));
    expect(oversize.status).toBe(413);
    for (const c of malformedFixtures()) {
      const answer = await send(first(), c.body);
      expect(answer.status, c.name).toBe(400);
      expect(JSON.parse(answer.body).reason, c.name).toContain(c.reason);
    }
    await idle();
    expect(poster.threads).toHaveLength(before);
  });

  it("posts one thread when two replicas race on the same group", async () => {
    const second = await startReplica();
    const before = poster.threads.length;
    const body = withGroupKey(alertFixture("firing", values), `{}:{race="${namespace}"}`);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => send(i % 2 === 0 ? first() : second, body)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    await idle();
    const raced = poster.threads.slice(before);
    expect(raced).toHaveLength(1);
    expect(raced[0]?.current.lines.join("\n")).toContain("Notified 10 times");
    expect(raced[0]?.replies).toHaveLength(1);
  });

  it("acknowledges 50 concurrent notifications fast while their work runs", async () => {
    const before = poster.threads.length;
    const bodies = Array.from({ length: 50 }, (_, i) =>
      withGroupKey(alertFixture("firing", values), `{}:{burst="${i % 10}", ns="${namespace}"}`),
    );
    // The same burst against a server that only answers: what this machine allows at best.
    const bare = await serveRoute({
      path: "/alerts/alertmanager",
      method: ["POST"],
      handler: (req, res) => {
        req.resume().on("end", () => res.writeHead(202).end('{"accepted":true}\n'));
      },
    });
    const baseline = (await postBurst(bare.url, TOKEN, bodies)).map((a) => a.ms);
    await bare.close();
    const answers = await postBurst(first().server.url, TOKEN, bodies);
    const ms = answers.map((a) => a.ms);
    const figures = (values: number[]) =>
      `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms`;
    process.stdout.write(
      `webhook ack latency, 50 concurrent: ${figures(ms)} (bare Node server: ${figures(baseline)})\n`,
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    // Generous for a shared CI machine; the figures above are the measurement.
    expect(percentile(ms, 99)).toBeLessThan(Math.max(1000, 3 * percentile(baseline, 99)));
    await idle();
    expect(poster.threads.length - before).toBe(10);
  });
});
