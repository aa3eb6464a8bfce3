// The table `npm run bench` prints: one line per figure, its baseline beside it.
import { type Figure, type Measurement, meetsTarget } from "./figure.ts";

function round(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function describe(measurement: Measurement | undefined): string {
  if (!measurement) return "";
  const { stats, label } = measurement;
  return `${label}: p50 ${round(stats.p50)} p95 ${round(stats.p95)} p99 ${round(stats.p99)} (n=${stats.n})`;
}

function describeTarget(figure: Figure): string {
  const { target } = figure;
  if (!target) return "";
  const bounds = [
    target.min === undefined ? null : `≥ ${target.min}`,
    target.max === undefined ? null : `≤ ${target.max}`,
  ].filter((bound) => bound !== null);
  return bounds.join(" ");
}

export function renderTable(figures: Figure[]): string {
  const rows = figures.map((figure) => {
    const verdict = meetsTarget(figure);
    return [
      figure.case ? `${figure.key} [${figure.case}]` : figure.key,
      `${round(figure.value)} ${figure.unit === "ratio" ? "×" : figure.unit}`,
      describeTarget(figure),
      verdict === null ? "" : verdict ? "ok" : "MISS",
      describe(figure.measured),
      describe(figure.baseline),
    ];
  });
  const header = ["figure", "value", "target", "", "measured", "baseline (same run)"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join(
    "\n",
  );
}
