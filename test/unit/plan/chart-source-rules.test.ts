import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/config.ts";
import { parseChartSourceRules } from "../../../src/plan/chart-source-rules.ts";

describe("WHEELHOUSE_CHART_SOURCES", () => {
  it("maps releases and charts to repositories or oci:// prefixes", () => {
    expect(
      parseChartSourceRules(
        "ingress-nginx=ingress, platform/dns=oci://registry.example:5000/charts/ webapp=oci://r.example",
      ),
    ).toEqual([
      { match: { chart: "ingress-nginx" }, source: { kind: "repository", name: "ingress" } },
      {
        match: { release: { namespace: "platform", name: "dns" } },
        source: { kind: "oci", prefix: "oci://registry.example:5000/charts" },
      },
      { match: { chart: "webapp" }, source: { kind: "oci", prefix: "oci://r.example" } },
    ]);
    expect(parseChartSourceRules("")).toEqual([]);
  });

  it("names every entry it cannot read", () => {
    expect(parseChartSourceRules("webapp, Bad/x=repo, a=oci://user:pw@host/x, b=-rf")).toEqual({
      problems: [
        "webapp: write key=source",
        "Bad/x=repo: Bad/x is not namespace/release",
        "a=oci://user:pw@host/x: oci://user:pw@host/x is not an oci://host/path prefix",
        "b=-rf: -rf is neither a repository name nor an oci:// prefix",
      ],
    });
  });

  it("is part of the one configuration schema, defaulting to none", () => {
    expect(loadConfig({}).WHEELHOUSE_CHART_SOURCES).toEqual([]);
    expect(
      loadConfig({ WHEELHOUSE_CHART_SOURCES: "webapp=mirror" }).WHEELHOUSE_CHART_SOURCES,
    ).toEqual([{ match: { chart: "webapp" }, source: { kind: "repository", name: "mirror" } }]);
    expect(() => loadConfig({ WHEELHOUSE_CHART_SOURCES: "webapp" })).toThrow(
      /WHEELHOUSE_CHART_SOURCES: webapp: write key=source/,
    );
    expect(loadConfig({}).WHEELHOUSE_REPO_REFRESH_SECONDS).toBe(600);
  });
});
