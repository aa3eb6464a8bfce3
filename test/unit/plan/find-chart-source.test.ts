import { describe, expect, it } from "vitest";
import { findChartSource } from "../../../src/plan/find-chart-source.ts";
import { searchHits } from "./plan-fixtures.ts";

describe("findChartSource", () => {
  it("assumes the repository with a chart of the same name, and says it is an assumption", () => {
    const hits = [
      ...searchHits("fixtures", "webapp", ["1.1.0", "1.0.0"]),
      ...searchHits("fixtures", "webapp-extra", ["9.0.0"]),
    ];
    const source = findChartSource(hits, "webapp", "1.0.0");
    expect(source).toMatchObject({ ok: true, repository: "fixtures", chartRef: "fixtures/webapp" });
    expect(source.ok && source.versions.map((v) => v.version)).toEqual(["1.1.0", "1.0.0"]);
    expect(source.ok && source.note).toMatch(/helm does not record where a chart came from/);
  });

  it("prefers the repository that still has the release's current version", () => {
    const hits = [
      ...searchHits("aaa-mirror", "webapp", ["2.0.0"]),
      ...searchHits("fixtures", "webapp", ["1.0.0"]),
    ];
    const source = findChartSource(hits, "webapp", "1.0.0");
    expect(source).toMatchObject({ ok: true, repository: "fixtures" });
    expect(source.ok && source.note).toMatch(/aaa-mirror also has webapp/);
  });

  it("says how to add the repository when no configured one has the chart", () => {
    const source = findChartSource(searchHits("fixtures", "other", ["1.0.0"]), "webapp", "1.0.0");
    expect(source).toMatchObject({
      ok: false,
      reason: "No configured chart repository has a chart named webapp.",
    });
    expect(!source.ok && source.suggestions[0]).toMatch(/helm repo add/);
  });

  it("uses a repository named by the configuration, and says why", () => {
    const hits = [
      ...searchHits("fixtures", "webapp", ["1.0.0"]),
      ...searchHits("mirror", "webapp", ["1.1.0"]),
    ];
    const source = findChartSource(hits, "webapp", "1.0.0", {
      kind: "repository",
      repository: "mirror",
      basis: "config",
      why: "the configuration maps chart webapp to it",
    });
    expect(source).toMatchObject({ ok: true, chartRef: "mirror/webapp", basis: "config" });
    expect(source.ok && source.note).toBe(
      "repository mirror is used because the configuration maps chart webapp to it (fixtures also carry webapp).",
    );
  });

  it("refuses a named repository without the chart, and says where it is", () => {
    const source = findChartSource(searchHits("fixtures", "webapp", ["1.0.0"]), "webapp", "1.0.0", {
      kind: "repository",
      repository: "gone",
      basis: "remembered",
      why: "Wheelhouse upgraded it from there last (1.0.0, 2026-11-30)",
    });
    expect(source).toMatchObject({
      ok: false,
      reason:
        "Repository gone was chosen because Wheelhouse upgraded it from there last (1.0.0, 2026-11-30), but it has no chart named webapp.",
    });
    expect(!source.ok && source.suggestions[0]).toBe("webapp is in: fixtures");
  });
});
