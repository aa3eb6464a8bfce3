import { describe, expect, it } from "vitest";
import { diffManifests } from "../../../src/plan/diff-manifests.ts";
import { parseManifest, subchartOf } from "../../../src/plan/parse-manifest.ts";
import { summarizeManifest } from "../../../src/plan/summarize-manifest.ts";

const doc = (source: string, kind: string, name: string, extra = "") =>
  `---\n# Source: ${source}\napiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}`;

const MANIFEST = [
  doc("web/templates/cm.yaml", "ConfigMap", "a"),
  doc("web/templates/cm.yaml", "ConfigMap", "b"),
  doc("web/templates/le.yaml", "Role", "leader", "  namespace: kube-system\n"),
  doc("web/templates/cr.yaml", "ClusterRole", "reader"),
  doc("web/templates/api.yaml", "APIService", "v1.metrics.example.com"),
  `---\n# Source: web/charts/cache/templates/sts.yaml\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: cache\nspec:\n  template:\n    spec:\n      containers:\n        - name: cache\n          image: r/cache:7\n`,
].join("");

describe("summarizeManifest", () => {
  it("counts by kind, places objects by namespace and flags cluster-scoped ones", () => {
    const summary = summarizeManifest(parseManifest(MANIFEST, "shop").objects, "shop");
    expect(summary.total).toBe(6);
    expect(summary.byKind[0]).toEqual({ kind: "ConfigMap", count: 2 });
    expect(summary.byNamespace).toEqual([
      { namespace: "shop", count: 3 },
      { namespace: "kube-system", count: 1 },
      { namespace: null, count: 2 },
    ]);
    expect(summary.elsewhere.map((r) => `${r.kind}:${r.namespace}`)).toEqual([
      "Role:kube-system",
      "ClusterRole:null",
      "APIService:null",
    ]);
    expect(summary.subcharts).toEqual([{ chart: "cache", objects: 1, images: ["r/cache:7"] }]);
  });

  it("names nested subcharts from helm's Source lines", () => {
    expect(subchartOf("web/charts/db/charts/metrics/templates/x.yaml")).toBe("db/metrics");
    expect(subchartOf("web/templates/charts/x.yaml")).toBeNull();
  });
});

describe("diffManifests and random names", () => {
  it("pairs a Job renamed by a random suffix into one replacement", () => {
    const job = (name: string) => doc("web/templates/job.yaml", "Job", name);
    const diff = diffManifests(job("web-warmup-x7k2p"), job("web-warmup-q9d3m"), "shop");
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.replaced).toEqual([
      { kind: "Job", namespace: "shop", from: "web-warmup-x7k2p", to: "web-warmup-q9d3m" },
    ]);
  });
});
