// What every benchmark reports: one Figure per key (and case) the issue names. A ratio always
// carries the two measurements it divides, both taken in the same run on the same machine.
import { writeFileSync } from "node:fs";
import type { Stats } from "./stats.ts";

export type Measurement = { label: string; stats: Stats };

export type Figure = {
  /** One of the keys bench/README.md lists, e.g. "plan_vs_floor". */
  key: string;
  /** The variant within the key: "small", "big", "status", "2_workers"…; omitted when single. */
  case?: string;
  /** What the key names: a ratio, milliseconds, jobs per second or megabytes. */
  value: number;
  unit: "ratio" | "ms" | "jobs/s" | "MB";
  /** Inclusive bounds the value should stay within; omitted for figures that only inform. */
  target?: { max?: number; min?: number };
  measured?: Measurement;
  baseline?: Measurement;
  note?: string;
  raw?: unknown;
};

export function meetsTarget(figure: Figure): boolean | null {
  const { target } = figure;
  if (!target) return null;
  if (!Number.isFinite(figure.value)) return false;
  if (target.max !== undefined && figure.value > target.max) return false;
  if (target.min !== undefined && figure.value < target.min) return false;
  return true;
}

export function ratio(measured: number, baseline: number): number {
  return baseline > 0 ? Math.round((measured / baseline) * 1000) / 1000 : Number.NaN;
}

/**
 * A benchmark script's last act: hand its figures to bench/run.ts (through the file it names
 * in BENCH_RESULT_FILE) or, when run on its own, print them.
 */
export function reportFigures(figures: Figure[]): void {
  const file = process.env.BENCH_RESULT_FILE;
  if (file) writeFileSync(file, JSON.stringify(figures));
  else console.log(JSON.stringify(figures, null, 2));
}
