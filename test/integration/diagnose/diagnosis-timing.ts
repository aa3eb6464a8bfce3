// How long a diagnosis takes against the slowest single read it needs: the snapshot's readers
// wrapped to time each helm and kubectl call, and p50/p95 over all diagnoses.
import type { SnapshotDeps, SnapshotHelm } from "../../../src/gather/gather-release-snapshot.ts";

export interface Timing {
  label: string;
  totalMs: number;
  // Every read's duration, in milliseconds.
  reads: number[];
}

async function timed<T>(reads: number[], task: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await task();
  } finally {
    reads.push(performance.now() - started);
  }
}

export function recordTiming(deps: SnapshotDeps, reads: number[]): SnapshotDeps {
  const { helm, kube, logs } = deps;
  const timedHelm: SnapshotHelm = {
    status: (release, revision) => timed(reads, () => helm.status(release, revision)),
    history: (release, max) => timed(reads, () => helm.history(release, max)),
    getValues: (release, options) => timed(reads, () => helm.getValues(release, options)),
    getManifest: (release, revision) => timed(reads, () => helm.getManifest(release, revision)),
  };
  return {
    helm: timedHelm,
    kube: {
      get: (query) => timed(reads, () => kube.get(query)),
      getOne: (query) => timed(reads, () => kube.getOne(query)),
    },
    logs: { tail: (query) => timed(reads, () => logs.tail(query)) },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

export function timingReport(timings: readonly Timing[]): string {
  const totals = timings.map((t) => t.totalMs);
  const slowest = timings.map((t) => Math.max(...t.reads));
  const ratios = timings.map((t) => t.totalMs / Math.max(...t.reads));
  const ms = (n: number) => `${Math.round(n)} ms`;
  return [
    `diagnosis time per release over ${timings.length} diagnoses (reads per diagnosis: ${Math.min(...timings.map((t) => t.reads.length))}-${Math.max(...timings.map((t) => t.reads.length))}):`,
    `  diagnosis      p50 ${ms(percentile(totals, 50))}, p95 ${ms(percentile(totals, 95))}`,
    `  slowest read   p50 ${ms(percentile(slowest, 50))}, p95 ${ms(percentile(slowest, 95))}`,
    `  ratio          p50 ${percentile(ratios, 50).toFixed(2)}, p95 ${percentile(ratios, 95).toFixed(2)}`,
    ...timings.map(
      (t) =>
        `  ${t.label}: ${ms(t.totalMs)} (${t.reads.length} reads, slowest ${ms(Math.max(...t.reads))})`,
    ),
  ].join("\n");
}
