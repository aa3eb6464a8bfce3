import { describe, expect, it } from "vitest";
import type { ChartSourceRule } from "../../../src/plan/chart-source-rules.ts";
import { chooseChartSource } from "../../../src/plan/choose-chart-source.ts";

const release = { name: "web", namespace: "shop" };
const rules: ChartSourceRule[] = [
  { match: { chart: "webapp" }, source: { kind: "repository", name: "mirror" } },
  {
    match: { release: { namespace: "shop", name: "web" } },
    source: { kind: "oci", prefix: "oci://r.example/charts" },
  },
];
const remembered = {
  chartRef: "fixtures/webapp",
  chartVersion: "1.1.0",
  at: "2026-11-30T10:00:00Z",
};

describe("chooseChartSource", () => {
  it("takes the request's chart first", () => {
    expect(
      chooseChartSource({
        release,
        chartName: "webapp",
        requestChartRef: "oci://x.example/webapp",
        rules,
        remembered,
      }),
    ).toMatchObject({ kind: "oci", chartRef: "oci://x.example/webapp", basis: "request" });
  });

  it("then a release rule, which beats a chart rule", () => {
    expect(chooseChartSource({ release, chartName: "webapp", rules, remembered })).toEqual({
      kind: "oci",
      chartRef: "oci://r.example/charts/webapp",
      basis: "config",
      why: "the configuration (WHEELHOUSE_CHART_SOURCES) maps release shop/web to it",
    });
    const other = { name: "api", namespace: "shop" };
    expect(chooseChartSource({ release: other, chartName: "webapp", rules })).toMatchObject({
      kind: "repository",
      repository: "mirror",
      basis: "config",
    });
  });

  it("then what Wheelhouse last upgraded the release from, for the same chart only", () => {
    expect(chooseChartSource({ release, chartName: "webapp", remembered })).toMatchObject({
      kind: "repository",
      repository: "fixtures",
      basis: "remembered",
      why: "Wheelhouse upgraded it from there last (1.1.0, 2026-11-30)",
    });
    const oci = { ...remembered, chartRef: "oci://r.example/charts/webapp" };
    expect(chooseChartSource({ release, chartName: "webapp", remembered: oci })).toMatchObject({
      kind: "oci",
      basis: "remembered",
    });
    expect(chooseChartSource({ release, chartName: "other", remembered: oci })).toMatchObject({
      kind: "repository",
      repository: null,
      basis: "search",
    });
  });
});
