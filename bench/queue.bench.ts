// The execution queue on the real parts: approved set-values plans run by real helm on the test
// cluster through the app (Approve clicks) and worker processes (BullMQ on Redis). Measures
// approve → start with free workers, jobs per second with 1, 2 and 4 worker processes on distinct
// releases and on one release (serialised: never overlapping), and a worker's RSS at idle,
// after 1,000 and after 10,000 jobs. Sizes: BENCH_START_SAMPLES, BENCH_JOBS, BENCH_WORKER_JOBS.
import { setTimeout as sleep } from "node:timers/promises";
import { approvePlan } from "../src/exec/approve-plan.ts";
import { createExecutionQueue } from "../src/exec/execution-queue.ts";
import type { ReleaseRef } from "../src/model/release.ts";
import type { Plan } from "../src/plan/plan-types.ts";
import { AuditLog } from "../src/store/audit-log.ts";
import { OPEN_POLICY } from "../test/support/open-policy.ts";
import { describeLoad, startBenchParts } from "./lib/bench-parts.ts";
import {
  APPROVER,
  CHANNEL,
  forRevision,
  makeSetValuesPlan,
  PlanPoster,
} from "./lib/bench-plans.ts";
import { type BenchServer, startServer, stopAll } from "./lib/bench-servers.ts";
import { type Figure, ratio, reportFigures } from "./lib/figure.ts";
import { memoryFigures } from "./lib/memory-figures.ts";
import { clickApprove, overlaps, waitFinished, waitStarted } from "./lib/queue-runs.ts";
import { summarize } from "./lib/stats.ts";

const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
// 40: a p95 of 10 samples is their maximum, one GC pause or reconciler pass.
const START_SAMPLES = size("BENCH_START_SAMPLES", 40);
const JOBS = size("BENCH_JOBS", 8);
const WORKER_JOBS = size("BENCH_WORKER_JOBS", 10_000);
const WORKER_FIRST = Math.min(1_000, WORKER_JOBS);

const parts = await startBenchParts("queue");
const figures: Figure[] = [];
let servers: BenchServer[] = [];
let workers: BenchServer[] = [];
const startWorkers = async (count: number, concurrency: number) => {
  await stopAll(workers);
  workers = await Promise.all(
    Array.from({ length: count }, () =>
      startServer("worker", {
        ...parts.serverEnv,
        BENCH_WORKER_CONCURRENCY: String(concurrency),
      }),
    ),
  );
};
try {
  const app = await startServer("app", parts.serverEnv);
  servers = [app];
  const appTarget = {
    url: `http://127.0.0.1:${app.port}/slack/events`,
    signingSecret: parts.signingSecret,
  };
  const names = Array.from({ length: Math.max(4, JOBS) }, (_, i) => `job-${i + 1}`);
  const releases = await parts.installReleases(names);
  const base = new Map<string, { plan: Plan; revision: number }>();
  for (const release of releases) {
    const plan = await makeSetValuesPlan(parts, release, `${release.name}.bench.example.com`);
    base.set(release.name, { plan, revision: plan.release.revision });
  }
  // The plan each release's next change is: made for the revision the release is at now.
  const nextPlan = (release: ReleaseRef): Plan => {
    const entry = base.get(release.name);
    if (!entry) throw new Error(`no plan for ${release.name}`);
    return forRevision(entry.plan, entry.revision);
  };
  // Each succeeded plan moved its release one revision on.
  const moved = (on: ReleaseRef[]) => {
    for (const release of on) {
      const entry = base.get(release.name);
      if (entry) entry.revision += 1;
    }
  };
  const poster = new PlanPoster(parts);
  const threadTs = () => poster.threadTs();

  // Approve → start, one plan at a time with every worker free.
  await startWorkers(1, 4);
  const startMs: number[] = [];
  const first = releases[0];
  if (!first) throw new Error("no release");
  for (let i = 0; i < START_SAMPLES; i++) {
    const [posted] = await poster.post([nextPlan(first)]);
    if (!posted) throw new Error("plan not posted");
    const clickedAt = await clickApprove(appTarget, posted, threadTs());
    startMs.push((await waitStarted(poster.store, posted.id)) - clickedAt);
    const runs = await waitFinished(poster.store, new Map([[posted.id, clickedAt]]));
    if (runs[0]?.state !== "succeeded")
      throw new Error(`plan ${posted.id} ended ${runs[0]?.state}`);
    moved([first]);
  }
  const start = summarize(startMs);
  figures.push({
    key: "approve_to_start_p95_ms",
    value: Math.round(start.p95),
    unit: "ms",
    target: { max: 250 },
    measured: { label: "Approve click sent → worker moved the plan to running", stats: start },
    raw: { startMs: startMs.map(Math.round) },
    note: `one plan at a time, one worker process (4 slots) idle; set-values plans on a webapp release; ${describeLoad()}`,
  });

  // Throughput: JOBS plans approved at once, each on a release of its own.
  const throughput = async (label: string, on: ReleaseRef[]) => {
    const posted = await poster.post(on.map(nextPlan));
    const clicks = new Map<string, number>();
    await Promise.all(
      posted.map(async (p) => clicks.set(p.id, await clickApprove(appTarget, p, threadTs()))),
    );
    const runs = await waitFinished(poster.store, clicks);
    const firstClick = Math.min(...runs.map((r) => r.clickedAt));
    const lastEnd = Math.max(...runs.map((r) => r.finishedAt));
    const outcomes: Record<string, number> = {};
    for (const r of runs) outcomes[r.state] = (outcomes[r.state] ?? 0) + 1;
    const jobsPerS = Math.round((runs.length / ((lastEnd - firstClick) / 1000)) * 100) / 100;
    return {
      label,
      runs,
      outcomes,
      jobsPerS,
      durations: summarize(runs.map((r) => r.finishedAt - r.startedAt)),
    };
  };
  const cases: Array<{ name: string; workers: number; jobsPerS: number }> = [];
  for (const count of [1, 2, 4]) {
    await startWorkers(count, 1);
    const on = releases.slice(0, JOBS);
    const result = await throughput(`${count} workers`, on);
    if (result.outcomes.succeeded !== on.length)
      throw new Error(`${count} workers: ${JSON.stringify(result.outcomes)}`);
    moved(on);
    cases.push({
      name: count === 1 ? "1_worker" : `${count}_workers`,
      workers: count,
      jobsPerS: result.jobsPerS,
    });
    figures.push({
      key: "jobs_per_s",
      case: count === 1 ? "1_worker" : `${count}_workers`,
      value: result.jobsPerS,
      unit: "jobs/s",
      note: `${count} worker process(es) of one slot each, ${on.length} plans on distinct releases approved at once, real helm upgrade (no --wait) + validation; ratio to 1 worker ${ratio(result.jobsPerS, cases[0]?.jobsPerS ?? Number.NaN)}; ${describeLoad()}`,
      raw: {
        ratioTo1Worker: ratio(result.jobsPerS, cases[0]?.jobsPerS ?? Number.NaN),
        runSeconds: result.durations,
        outcomes: result.outcomes,
      },
    });
  }

  // One release, 4 workers: the plans wait for each other; the first runs helm, the others find
  // the release changed since they were made and close stale, each under the release's lock.
  await startWorkers(4, 1);
  const single = releases.slice(0, 1);
  const same = await throughput(
    "one release",
    Array.from({ length: JOBS }, () => single[0] as ReleaseRef),
  );
  if (same.outcomes.succeeded !== 1)
    throw new Error(`one release: ${JSON.stringify(same.outcomes)}`);
  moved(single);
  const overlapping = overlaps(same.runs);
  figures.push({
    key: "jobs_per_s",
    case: "one_release",
    value: same.jobsPerS,
    unit: "jobs/s",
    note: `${JOBS} plans for one release (made at the same revision) approved at once, 4 worker processes: ${overlapping.length === 0 ? "no two runs overlapped" : `OVERLAPS: ${JSON.stringify(overlapping)}`}; outcomes ${JSON.stringify(same.outcomes)}; ${describeLoad()}`,
    raw: { overlaps: overlapping, outcomes: same.outcomes, runs: same.runs },
  });
  if (overlapping.length > 0) process.exitCode = 1;

  // Worker memory: idle, then jobs it closes without helm (plans of another cluster, refused by
  // design), so 10,000 fit in minutes; helm's path is what jobs_per_s ran.
  await startWorkers(1, 4);
  const worker = workers[0];
  if (!worker) throw new Error("no worker");
  await sleep(1000);
  const idle = await worker.memory();
  const foreign = new PlanPoster(parts, "bench-other-cluster");
  const queue = createExecutionQueue({
    connection: { url: parts.serverEnv.REDIS_URL ?? "" },
    prefix: parts.prefix,
  });
  const audit = new AuditLog(parts.redis, {
    stream: `${parts.prefix}:audit`,
    cluster: "bench-other-cluster",
    log: () => undefined,
  });
  const basePlan = nextPlan(first);
  const feed = async (count: number) => {
    const posted = await foreign.post(
      Array.from({ length: count }, () => basePlan),
      16,
    );
    const clicks = new Map<string, number>();
    for (let i = 0; i < posted.length; i += 16) {
      await Promise.all(
        posted.slice(i, i + 16).map(async (p) => {
          const outcome = await approvePlan(
            { store: foreign.store, audit, queue, policy: OPEN_POLICY },
            { planId: p.id, by: APPROVER, byGroups: [], channel: CHANNEL },
          );
          if (outcome.status !== "approved") throw new Error(`approval: ${outcome.status}`);
          clicks.set(p.id, Date.now());
        }),
      );
    }
    return waitFinished(poster.store, clicks, { timeoutMs: 300_000, pollMs: 200 });
  };
  await feed(WORKER_FIRST);
  const after1000 = await worker.memory();
  await feed(WORKER_JOBS - WORKER_FIRST);
  const after10000 = await worker.memory();
  await queue.close();
  figures.push(
    ...memoryFigures(
      "worker",
      { idle, after1000, after10000 },
      `${WORKER_JOBS} approved jobs through BullMQ, one worker process (4 slots), each closed as a plan of another cluster (store, audit, Slack report; no helm)`,
    ),
  );
} finally {
  await stopAll([...workers, ...servers]);
  await parts.cleanup();
}
reportFigures(figures);
