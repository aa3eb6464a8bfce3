// How long a diagnosis takes against the slowest single read it needs: the snapshot's readers
// wrapped to time each helm and kubectl call, and p50/p95 over all diagnoses.
import type { SnapshotDeps, SnapshotHelm } from "../../../src/gather/gather-release-snapshot.ts";

export interface Timing {
  label: string;
  totalMs: number;
  // Every read's duration, in milliseconds.
  reads: number[];
}

export function recordTiming(deps: SnapshotDeps, reads: number[]): SnapshotDeps {
  return recordReads(deps, (read) => reads.push(read.ms));
}

// One read a diagnosis made, with a way to make it again on its own: the benchmark's baseline.
export interface RecordedRead {
  label: string;
  ms: number;
  replay: () => Promise<unknown>;
}

// The snapshot's readers, each call timed and handed to `onRead` with its replay.
export function recordReads(
  deps: SnapshotDeps,
  onRead: (read: RecordedRead) => void,
): SnapshotDeps {
  const { helm, kube, logs } = deps;
  const record = async <T>(label: string, replay: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await replay();
    } finally {
      onRead({ label, ms: performance.now() - started, replay });
    }
  };
  const rev = (revision: number | undefined) => (revision === undefined ? "" : ` -r ${revision}`);
  const timedHelm: SnapshotHelm = {
    status: (release, revision) =>
      record(`helm status${rev(revision)}`, () => helm.status(release, revision)),
    history: (release, max) => record("helm history", () => helm.history(release, max)),
    getValues: (release, options) =>
      record(`helm get values${rev(options?.revision)}`, () => helm.getValues(release, options)),
    getManifest: (release, revision) =>
      record(`helm get manifest${rev(revision)}`, () => helm.getManifest(release, revision)),
  };
  const where = (q: { resource: string; name?: string; selector?: string }) =>
    [q.resource, q.name, q.selector && `-l ${q.selector}`].filter(Boolean).join(" ");
  return {
    ...deps,
    helm: timedHelm,
    kube: {
      get: (query) => record(`kubectl get ${where(query)}`, () => kube.get(query)),
      getOne: (query) => record(`kubectl get ${where(query)}`, () => kube.getOne(query)),
    },
    logs: {
      tail: (query) => record(`kubectl logs ${query.pod}`, () => logs.tail(query)),
    },
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
