import { describe, expect, it } from "vitest";
import { meetsTarget, ratio } from "../../../bench/lib/figure.ts";
import { percentile, summarize } from "../../../bench/lib/stats.ts";
import { renderTable } from "../../../bench/lib/table.ts";

describe("benchmark statistics", () => {
  it("takes nearest-rank percentiles, so a p99 of few samples is their maximum", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 95)).toBe(10);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarises unsorted samples", () => {
    expect(summarize([30, 10, 20])).toEqual({
      n: 3,
      min: 10,
      p50: 20,
      p95: 30,
      p99: 30,
      max: 30,
      mean: 20,
    });
  });

  it("divides by a baseline and refuses a zero one", () => {
    expect(ratio(150, 100)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
  });
});

describe("targets", () => {
  const figure = { key: "plan_vs_floor", unit: "ratio" as const, target: { max: 1 } };

  it("holds at the bound and misses above it", () => {
    expect(meetsTarget({ ...figure, value: 1 })).toBe(true);
    expect(meetsTarget({ ...figure, value: 1.01 })).toBe(false);
  });

  it("misses when the figure could not be measured", () => {
    expect(meetsTarget({ ...figure, value: Number.NaN })).toBe(false);
  });

  it("has no verdict for figures that only inform", () => {
    expect(meetsTarget({ key: "webhook_ack_p99_ms", unit: "ms", value: 40 })).toBeNull();
  });
});

describe("the table", () => {
  it("prints each figure with its baseline and verdict", () => {
    const stats = summarize([100, 110, 120]);
    const table = renderTable([
      {
        key: "plan_vs_floor",
        case: "big",
        value: 1.2,
        unit: "ratio",
        target: { max: 1 },
        measured: { label: "plan", stats },
        baseline: { label: "status + dry-run", stats },
      },
    ]);
    expect(table).toContain("plan_vs_floor [big]");
    expect(table).toContain("MISS");
    expect(table).toContain("status + dry-run: p50 110");
  });
});
