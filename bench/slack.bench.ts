// The Slack surface under load, on the real parts (helm on the test cluster, Redis; only Slack's
// Web API is the fake): ack latency of /helm commands and button clicks at 50 and 200 concurrent
// signed requests against a bare Bolt app with the same HTTPReceiver settings, the Alertmanager
// webhook against a bare Node http server, and the app's RSS at idle, after 1,000 and after
// 10,000 requests. Every server runs in a process of its own; measured and baseline requests
// share shuffled rounds. Sizes: BENCH_ACK_ROUNDS, BENCH_ACK_COMMANDS, BENCH_ACK_CLICKS (per
// round and server), BENCH_RSS_REQUESTS, BENCH_WEBHOOK_POSTS.
import { setTimeout as sleep } from "node:timers/promises";
import { describeLoad, startBenchParts } from "./lib/bench-parts.ts";
import { makeSetValuesPlan, PlanPoster, type PostedPlan } from "./lib/bench-plans.ts";
import { type BenchServer, startServer, stopAll } from "./lib/bench-servers.ts";
import { type Figure, ratio, reportFigures } from "./lib/figure.ts";
import { memoryFigures } from "./lib/memory-figures.ts";
import { runLoad, Samples, shuffle, type Targets } from "./lib/signed-load.ts";
import { ackRound, alertPosts, commandBody, readTexts, rejectBody } from "./lib/slack-load-mix.ts";
import { summarize } from "./lib/stats.ts";

const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
// Six bursts per concurrency: a p99 over three was the worst moment of one burst, and moved by
// ±0.5 between runs.
const ROUNDS = size("BENCH_ACK_ROUNDS", 6);
const COMMANDS = size("BENCH_ACK_COMMANDS", 100);
const CLICKS = size("BENCH_ACK_CLICKS", 100);
const RSS_REQUESTS = size("BENCH_RSS_REQUESTS", 10_000);
const RSS_FIRST = Math.min(1_000, RSS_REQUESTS);
const WEBHOOK_POSTS = size("BENCH_WEBHOOK_POSTS", 300);
// Fresh plans the memory phase rejects; clicks past them land on decided plans (double clicks).
const RSS_FRESH_PLANS = 500;
// After a phase, the work the acks left behind is waited for, then a little more (Slack posts
// answered, sockets closed) before the next phase or a memory sample.
const SETTLE_MS = size("BENCH_SETTLE_MS", 1000);

const began = performance.now();
const progress = (what: string) =>
  console.error(`[slack.bench] ${what} at ${((performance.now() - began) / 1000).toFixed(0)} s`);

async function settle(app: BenchServer): Promise<void> {
  await app.idle();
  await sleep(SETTLE_MS);
}

const parts = await startBenchParts("slack");
const figures: Figure[] = [];
let servers: BenchServer[] = [];
try {
  const [app, bolt, http] = await Promise.all([
    startServer("app", parts.serverEnv),
    startServer("bolt", parts.serverEnv),
    startServer("http", parts.serverEnv),
  ]);
  servers = [app, bolt, http];
  const slackTarget = (server: BenchServer) => ({
    url: `http://127.0.0.1:${server.port}/slack/events`,
    signingSecret: parts.signingSecret,
  });
  const targets: Targets = {
    wheelhouse: slackTarget(app),
    bolt: slackTarget(bolt),
    webhook: { url: `http://127.0.0.1:${app.port}/alerts/alertmanager`, signingSecret: "" },
    http: { url: `http://127.0.0.1:${http.port}/`, signingSecret: "" },
  };
  const [release] = await parts.installReleases(["web-1", "web-2", "web-3"]);
  if (!release) throw new Error("no release installed");
  const plan = await makeSetValuesPlan(parts, release, "bench.example.com");
  const poster = new PlanPoster(parts);
  const plans = await poster.post(
    Array.from({ length: RSS_FRESH_PLANS + 2 * ROUNDS * CLICKS }, () => plan),
  );
  const threadTs = poster.threadTs();
  let fresh = 0;
  const freshPlans = (n: number): PostedPlan[] => {
    const taken = plans.slice(fresh, fresh + n);
    fresh += n;
    if (taken.length < n) throw new Error("ran out of plans");
    return taken;
  };

  // Memory: idle, then a mix heavy in what needs no helm (so 10,000 fit in minutes), one
  // command in 20 a helm status, sent 50 at a time in blocks of 1,000.
  const idle = await app.memory();
  const memoryPlans = freshPlans(RSS_FRESH_PLANS);
  const memoryLoad = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, k) => {
      const i = from + k;
      if (i % 2 === 1) {
        const target = memoryPlans[(i >> 1) % memoryPlans.length] ?? memoryPlans[0];
        if (!target) throw new Error("no plans");
        return { target: "wheelhouse", kind: "click", body: rejectBody(target, threadTs) };
      }
      const text =
        i % 40 === 0
          ? `status web-1 -n ${parts.namespace}`
          : i % 4 === 0
            ? "help"
            : `list -n ${parts.namespace}`;
      return { target: "wheelhouse", kind: "command", body: commandBody(text) };
    });
  const memorySamples = new Samples();
  await runLoad(memoryLoad(0, RSS_FIRST), targets, 50, memorySamples);
  await settle(app);
  const after1000 = await app.memory();
  progress(`memory after ${RSS_FIRST} requests`);
  for (let from = RSS_FIRST; from < RSS_REQUESTS; from += 1000) {
    await runLoad(
      memoryLoad(from, Math.min(RSS_REQUESTS, from + 1000)),
      targets,
      50,
      memorySamples,
    );
    // A thousand at a time, each worked off before the next: what stays is what requests
    // leave behind, not the high-water mark of a 9,000-request backlog (RSS never shrinks back).
    await app.idle();
    progress(`${Math.min(RSS_REQUESTS, from + 1000)} requests done`);
  }
  await settle(app);
  const after10000 = await app.memory();
  progress(`memory after ${RSS_REQUESTS} requests`);
  figures.push(
    ...memoryFigures(
      "app",
      { idle, after1000, after10000 },
      `${RSS_REQUESTS} signed requests at 50 concurrent: half /helm commands (help, list, one in 20 a helm status), half Reject clicks on ${RSS_FRESH_PLANS} plans (then double clicks); ack p99 ${summarize(memorySamples.of("wheelhouse")).p99.toFixed(1)} ms`,
    ),
  );

  // Ack latency: Wheelhouse and bare Bolt in the same shuffled rounds.
  for (const concurrency of [50, 200]) {
    const samples = new Samples();
    // Warm-up (JIT, connections, Redis scripts), not measured.
    await runLoad(
      ackRound(["wheelhouse", "bolt"], { commands: 20, texts: ["help"], clicks: [], threadTs }),
      targets,
      concurrency,
      new Samples(),
    );
    for (let round = 0; round < ROUNDS; round++) {
      const requests = ackRound(["wheelhouse", "bolt"], {
        commands: COMMANDS,
        texts: readTexts(parts.namespace),
        clicks: freshPlans(CLICKS),
        threadTs,
      });
      await runLoad(shuffle(requests), targets, concurrency, samples);
    }
    const ours = summarize(samples.of("wheelhouse"));
    const bare = summarize(samples.of("bolt"));
    figures.push({
      key: `ack_p99_vs_bolt_${concurrency}`,
      value: ratio(ours.p99, bare.p99),
      unit: "ratio",
      target: { max: 1.2 },
      measured: { label: "Wheelhouse app ack", stats: ours },
      baseline: { label: "bare Bolt app ack (same HTTPReceiver settings)", stats: bare },
      note: `${concurrency} concurrent signed requests, ${ROUNDS} interleaved rounds of ${COMMANDS} /helm commands + ${CLICKS} Reject clicks per server; ${describeLoad()}`,
      raw: {
        commands: {
          wheelhouse: summarize(samples.of("wheelhouse", "command")),
          bolt: summarize(samples.of("bolt", "command")),
        },
        clicks: {
          wheelhouse: summarize(samples.of("wheelhouse", "click")),
          bolt: summarize(samples.of("bolt", "click")),
        },
      },
    });
    await settle(app);
    progress(`ack at ${concurrency} concurrent`);
  }

  // The Alertmanager webhook: Wheelhouse's route against a bare http server's 200.
  const webhook = new Samples();
  await runLoad(
    alertPosts(["webhook", "http"], 20, parts.namespace, parts.alertToken),
    targets,
    50,
    new Samples(),
  );
  await runLoad(
    shuffle(alertPosts(["webhook", "http"], WEBHOOK_POSTS, parts.namespace, parts.alertToken)),
    targets,
    50,
    webhook,
  );
  const hook = summarize(webhook.of("webhook"));
  const floor = summarize(webhook.of("http"));
  figures.push({
    key: "webhook_ack_p99_ms",
    value: Math.round(hook.p99 * 10) / 10,
    unit: "ms",
    measured: { label: "Wheelhouse /alerts/alertmanager ack", stats: hook },
    baseline: { label: "bare Node http server 200", stats: floor },
    note: `50 concurrent posts of the fixture payloads (firing, repeated, added, grouped, resolved), bearer token; p99 ratio to the bare server ${ratio(hook.p99, floor.p99)}; ${describeLoad()}`,
  });
} finally {
  await stopAll(servers);
  await parts.cleanup();
}
reportFigures(figures);
