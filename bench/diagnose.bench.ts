// Benchmark diagnose_vs_slowest_read: the time the bot takes to a diagnosis (createDiagnose, as
// alerts and the watcher call it) of a crash-looping and of an unschedulable upgrade on the
// test cluster, against the slowest single read that diagnosis made. Every read (helm status, history, manifest, values,
// kubectl gets, logs) is recorded as the diagnosis makes it, then made again alone, one after
// the other, in the same round: the baseline is the slowest of those per round.
// Env: BENCH_ROUNDS (default 13, after 2 warm-up rounds).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { createDiagnose } from "../src/gather/diagnose-release.ts";
import type { SnapshotDeps } from "../src/gather/gather-release-snapshot.ts";
import { HelmClient } from "../src/helm/helm-client.ts";
import { withApiReads } from "../src/kube/api-backed-reader.ts";
import { createContainerLogReader } from "../src/kube/create-container-log-reader.ts";
import { KubectlClient } from "../src/kube/kubectl-client.ts";
import type { ReleaseRef } from "../src/model/release.ts";
import { BROKEN_STATES } from "../test/integration/diagnose/broken-releases.ts";
import { type RecordedRead, recordReads } from "../test/integration/diagnose/diagnosis-timing.ts";
import { restrictedKubeconfig } from "../test/integration/diagnose/restricted-reader.ts";
import { isolatedHelmEnv } from "../test/support/helm-fixture.ts";
import { testEnvironment as env } from "../test/support/test-environment.ts";
import { type Figure, ratio, reportFigures } from "./lib/figure.ts";
import { summarize, timed } from "./lib/stats.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 13);
const WARMUP = 2;
const root = join(import.meta.dirname, "..");

const upOutput = execFileSync(join(root, "scripts", "cluster", "up.sh"), {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const kubeconfig = /KUBECONFIG=(.*)\s*$/.exec(upOutput.trim())?.[1] ?? env.kubeconfig;
const namespace = `bench-diag-${process.pid}`;
const scratch = mkdtempSync(join(tmpdir(), "wheelhouse-bench-diagnose-"));
const figures: Figure[] = [];

// Two broken releases: one whose crashed container's logs need a second round of reads (the
// pod's name comes first), one whose diagnosis needs only the first round. And, for reference,
// the crash-looping one diagnosed by a reader that may not list the namespace or read helm's
// records: the snapshot falls back to helm status/history and reading object by object, the
// way every diagnosis read before the one-round snapshot.
const CASES = [
  {
    name: "crash_loop",
    release: "crashing",
    state: "crash-loop after upgrade",
    code: "crash-loop",
    restricted: false,
  },
  {
    name: "unschedulable",
    release: "unplaced",
    state: "unschedulable after upgrade",
    code: "unschedulable",
    restricted: false,
  },
  {
    name: "crash_loop_read_one_by_one",
    release: "crashing",
    state: null,
    code: "crash-loop",
    restricted: true,
  },
] as const;

interface CaseTimes {
  diagnosisMs: number[];
  // From the last read's end to the diagnosis: Wheelhouse's own work on what it read.
  afterReadsMs: number[];
  slowestMs: number[];
  ratios: number[];
  readCounts: number[];
  slowestLabels: Map<string, number>;
  aloneByLabel: Map<string, number[]>;
}

// One round: the diagnosis, then every read it made again alone, one after the other.
async function measureRound(
  base: SnapshotDeps,
  release: ReleaseRef,
  code: string,
  into: CaseTimes | null,
): Promise<void> {
  const reads: RecordedRead[] = [];
  let lastReadEnded = 0;
  const diagnose = createDiagnose(
    recordReads(base, (read) => {
      reads.push(read);
      lastReadEnded = performance.now();
    }),
  );
  let first = "";
  const started = performance.now();
  first = (await diagnose(release)).findings[0]?.code ?? "";
  const total = performance.now() - started;
  if (first !== code) throw new Error(`expected a ${code} diagnosis, got ${first}`);
  let slowest = { label: "", ms: 0 };
  for (const read of reads) {
    // A read the diagnosis saw fail (refused, say) is timed failing again.
    const ms = await timed(() => read.replay().catch(() => undefined));
    into?.aloneByLabel.set(read.label, [...(into.aloneByLabel.get(read.label) ?? []), ms]);
    if (ms > slowest.ms) slowest = { label: read.label, ms };
  }
  if (into === null) return;
  into.diagnosisMs.push(total);
  into.afterReadsMs.push(started + total - lastReadEnded);
  into.slowestMs.push(slowest.ms);
  into.ratios.push(total / slowest.ms);
  into.readCounts.push(reads.length);
  into.slowestLabels.set(slowest.label, (into.slowestLabels.get(slowest.label) ?? 0) + 1);
}

function caseFigures(name: string, times: CaseTimes, targeted: boolean): Figure[] {
  const diagnosis = summarize(times.diagnosisMs);
  const slowest = summarize(times.slowestMs);
  const perRound = summarize(times.ratios);
  const reads = summarize(times.readCounts);
  const usually = [...times.slowestLabels.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  const note = `${reads.min}-${reads.max} reads per diagnosis; slowest read mostly ${usually}; per-round ratio p50 ${perRound.p50.toFixed(2)} p95 ${perRound.p95.toFixed(2)}; after the last read p50 ${summarize(times.afterReadsMs).p50.toFixed(0)} ms; load ${load} on ${availableParallelism()} cores`;
  const raw = {
    ratios: times.ratios,
    diagnosisMs: times.diagnosisMs,
    afterReadsMs: times.afterReadsMs,
    slowestMs: times.slowestMs,
    aloneP50ByRead: Object.fromEntries(
      [...times.aloneByLabel.entries()].map(([label, ms]) => [
        label,
        Math.round(summarize(ms).p50),
      ]),
    ),
  };
  console.error(`${name}: ${note}\n  reads alone, p50 ms: ${JSON.stringify(raw.aloneP50ByRead)}`);
  const measured = { label: "diagnosis (createDiagnose)", stats: diagnosis };
  const baseline = { label: "slowest single read, alone", stats: slowest };
  return [
    {
      key: "diagnose_vs_slowest_read",
      case: name,
      value: ratio(diagnosis.p50, slowest.p50),
      unit: "ratio",
      ...(targeted ? { target: { max: 1.3 } } : {}),
      measured,
      baseline,
      note,
      raw,
    },
    {
      key: "diagnose_vs_slowest_read",
      case: `${name}_p95`,
      value: ratio(diagnosis.p95, slowest.p95),
      unit: "ratio",
      ...(targeted ? { target: { max: 1.3 } } : {}),
      measured,
      baseline,
    },
  ];
}

try {
  await execa(env.kubectlBin, ["--kubeconfig", kubeconfig, "create", "namespace", namespace]);
  const helm = await HelmClient.create({
    bin: env.helm4Bin,
    kubeconfig,
    env: await isolatedHelmEnv(),
    timeoutMs: 120_000,
  });
  await Promise.all(
    CASES.map((c) =>
      c.state === null
        ? undefined
        : BROKEN_STATES[c.state](helm, env.helm4Bin, { name: c.release, namespace }),
    ),
  );
  const readers = (config: string) => {
    const kubectl = { bin: env.kubectlBin, kubeconfig: config };
    // As the product builds them: helm's records and logs in-process where the kubeconfig allows.
    return {
      helm,
      kube: withApiReads(new KubectlClient(kubectl), kubectl),
      logs: createContainerLogReader(kubectl),
    };
  };
  const full = readers(kubeconfig);
  const restricted = readers(await restrictedKubeconfig(kubeconfig, namespace, scratch));
  const times = CASES.map(
    (): CaseTimes => ({
      diagnosisMs: [],
      afterReadsMs: [],
      slowestMs: [],
      ratios: [],
      readCounts: [],
      slowestLabels: new Map(),
      aloneByLabel: new Map(),
    }),
  );
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    for (const [i, c] of CASES.entries()) {
      const into = round < WARMUP ? null : (times[i] ?? null);
      const base = c.restricted ? restricted : full;
      await measureRound(base, { name: c.release, namespace }, c.code, into);
    }
  }
  for (const [i, c] of CASES.entries()) {
    const caseTimes = times[i];
    if (caseTimes) figures.push(...caseFigures(c.name, caseTimes, !c.restricted));
  }
} finally {
  await execa(
    env.kubectlBin,
    ["--kubeconfig", kubeconfig, "delete", "namespace", namespace, "--wait=false"],
    { reject: false },
  );
  rmSync(scratch, { recursive: true, force: true });
}

reportFigures(figures);
