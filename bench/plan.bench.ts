// plan_vs_floor: the median time to plan an upgrade (makePlan as the bot calls it after intent
// resolution: the inventory already listed, the chart sources of a running bot with their indexes
// fetched at start and Wheelhouse's chart-source memory in Redis) against the floor, the helm
// commands a plan cannot avoid run directly one after the other: `helm status` and the server
// dry-run with the plan's own argv. Cases: small (fixture chart webapp) and big (sprawl, 150
// objects of 20 kinds). Plan and floor rounds are interleaved, so drift of the machine's load
// weighs on both. BENCH_ROUNDS sets the big case's rounds (small runs twice as many);
// BENCH_TRACE=1 prints, per case, when each helm and kubectl process of one plan started and ended.
import { Redis } from "ioredis";
import { createChartSources } from "../src/cli/create-chart-sources.ts";
import type { ChartSourceDeps } from "../src/gather/gather-chart-versions.ts";
import { makePlan } from "../src/gather/make-plan.ts";
import type { KubeReader } from "../src/kube/kubectl-client.ts";
import { emptyIntent } from "../src/model/intent.ts";
import type { Inventory, ReleaseRef } from "../src/model/release.ts";
import { asDryRun } from "../src/plan/planned-command.ts";
import { createChartSourceMemory } from "../src/store/chart-source-memory.ts";
import { testEnvironment as env } from "../test/support/test-environment.ts";
import { type Figure, ratio, reportFigures } from "./lib/figure.ts";
import { loadNote, startHelmBenchParts } from "./lib/helm-bench-parts.ts";
import { type PlanTrace, traced, tracedKube } from "./lib/plan-trace.ts";
import { summarize, timed } from "./lib/stats.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const WARMUP = 2;
const TRACE = process.env.BENCH_TRACE === "1";

// A small round takes well under a second: twice the rounds steady its median at little cost.
const CASES = [
  { name: "small", chart: "webapp", from: "1.0.0", to: "1.1.0", rounds: 2 * ROUNDS },
  { name: "big", chart: "sprawl", from: "1.0.0", to: "1.1.0", rounds: ROUNDS },
] as const;

const parts = await startHelmBenchParts("plan");
const { helm, namespace } = parts;
const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
const prefix = `wh-bench-plan-${process.pid}`;
const figures: Figure[] = [];

try {
  // As start-command.ts makes them: the configuration's defaults, the indexes fetched at start.
  const configured = await createChartSources(
    { WHEELHOUSE_CHART_SOURCES: [], WHEELHOUSE_REPO_REFRESH_SECONDS: 600 },
    helm,
  );
  await configured.indexes?.refresh();
  const sources: ChartSourceDeps = {
    ...configured,
    memory: createChartSourceMemory(redis, prefix),
  };
  for (const c of CASES) {
    const release: ReleaseRef = { name: `bench-${c.name}`, namespace };
    await parts.install(release, `fixtures/${c.chart}`, c.from);
  }
  // Listed once, as the bot lists it for intent resolution before planning.
  const inventory = await helm.list({ namespace });

  for (const c of CASES) {
    const release: ReleaseRef = { name: `bench-${c.name}`, namespace };
    figures.push(await measureCase(c, release, inventory, sources));
  }
} finally {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await parts.close();
}
reportFigures(figures);

async function measureCase(
  c: (typeof CASES)[number],
  release: ReleaseRef,
  inventory: Inventory,
  sources: ChartSourceDeps,
): Promise<Figure> {
  const intent = { ...emptyIntent("upgrade"), release, targetVersion: c.to };
  const request = (h = helm, k: KubeReader = parts.kube, s = sources) => ({
    intent,
    inventory,
    helm: h,
    kube: k,
    now: new Date(),
    sources: s,
    gitOps: "warn" as const,
    options: { text: `upgrade ${release.name} -n ${namespace} to ${c.to}`, keepHistory: false },
  });
  const plan = async () => {
    const outcome = await makePlan(request());
    if (outcome.kind !== "plan") throw new Error(`no plan for ${c.name}: ${outcome.reason}`);
    return outcome;
  };
  const first = await plan();
  const operation = first.command.operation;
  if (operation.kind !== "upgrade" || operation.values !== undefined)
    throw new Error(`the ${c.name} plan has a command the floor cannot repeat`);
  const statusArgv = helm.argvFor({ kind: "status", release });
  const dryRunArgv = helm.argvFor(asDryRun(operation));
  const floor = async () => {
    await parts.helmDirect(statusArgv);
    await parts.helmDirect(dryRunArgv);
  };

  if (TRACE) {
    const trace: PlanTrace = { start: performance.now(), events: [] };
    const tracedSources = {
      ...sources,
      ...(sources.memory ? { memory: traced(sources.memory, "redis", trace) } : {}),
      ...(sources.indexes ? { indexes: traced(sources.indexes, "indexes", trace) } : {}),
    };
    await makePlan(
      request(traced(helm, "helm", trace), tracedKube(parts.kube, trace), tracedSources),
    );
    trace.events.push({ what: "plan made", start: performance.now(), end: performance.now() });
    console.error(`trace of one ${c.name} plan (ms from its start):`);
    for (const e of trace.events)
      console.error(
        `  ${(e.start - trace.start).toFixed(0).padStart(6)} → ${(e.end - trace.start).toFixed(0).padStart(6)}  ${e.what}`,
      );
    const f0 = performance.now();
    await parts.helmDirect(statusArgv);
    const f1 = performance.now();
    await parts.helmDirect(dryRunArgv);
    console.error(
      `  floor: status ${(f1 - f0).toFixed(0)} ms, dry-run ${(performance.now() - f1).toFixed(0)} ms`,
    );
  }

  const planTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let round = 0; round < WARMUP + c.rounds; round++) {
    // Alternating which goes first keeps an order effect (a warm cache, a busy core) out too.
    const planFirst = round % 2 === 0;
    const a = await timed(planFirst ? plan : floor);
    const b = await timed(planFirst ? floor : plan);
    if (round < WARMUP) continue;
    planTimes.push(planFirst ? a : b);
    floorTimes.push(planFirst ? b : a);
  }
  const measured = summarize(planTimes);
  const baseline = summarize(floorTimes);
  const value = ratio(measured.p50, baseline.p50);
  console.error(
    `plan_vs_floor [${c.name}]: ${value} (plan p50 ${measured.p50.toFixed(0)} ms, floor p50 ${baseline.p50.toFixed(0)} ms; ${loadNote()})`,
  );
  return {
    key: "plan_vs_floor",
    case: c.name,
    value,
    unit: "ratio",
    target: { max: 1.0 },
    measured: { label: `makePlan upgrade ${c.chart} ${c.from} → ${c.to}`, stats: measured },
    baseline: { label: "helm status; helm upgrade --dry-run=server (same argv)", stats: baseline },
    note: `${c.rounds} interleaved rounds after ${WARMUP} warm-up; ${loadNote()}; helm ${helm.version}`,
    raw: { planMs: planTimes, floorMs: floorTimes, statusArgv, dryRunArgv },
  };
}
