import { describe, expect, it } from "vitest";
import { diffChartDefaults, findRenamedKeys } from "../../../src/plan/diff-chart-defaults.ts";

const v1 = {
  replicaCount: 2,
  image: { repository: "registry.example.com/webapp", tag: "1.1.0" },
  podLabels: {},
  logLevel: "info",
};
const v2 = {
  replicas: 2,
  image: { repository: "registry.example.com/webapp", tag: "2.0.0" },
  podLabels: {},
  logLevel: "info",
};

describe("diffChartDefaults", () => {
  it("detects a key renamed to a sibling with the same default (replicaCount → replicas)", () => {
    expect(findRenamedKeys(v1, v2)).toEqual([{ from: "replicaCount", to: "replicas" }]);
  });

  it("tells the person what the new defaults mean for each value they set", () => {
    const diff = diffChartDefaults(v1, v2, {
      replicaCount: 1,
      image: { tag: "custom" },
      podLabels: { team: "a" },
    });
    expect(diff.userKeys).toEqual([
      {
        path: "replicaCount",
        yourValue: 1,
        effect: "renamed",
        renamedTo: "replicas",
        defaultBefore: 2,
      },
      {
        path: "image.tag",
        yourValue: "custom",
        effect: "default-changed",
        defaultBefore: "1.1.0",
        defaultAfter: "2.0.0",
      },
    ]);
  });

  it("flags a value whose key the new chart no longer has", () => {
    const diff = diffChartDefaults(
      { a: 1, metrics: { enabled: false } },
      { a: 1 },
      { metrics: { enabled: true } },
    );
    expect(diff.userKeys).toEqual([
      {
        path: "metrics.enabled",
        yourValue: true,
        effect: "removed-from-chart",
        defaultBefore: false,
      },
    ]);
  });

  it("lists every changed default, redacted", () => {
    const diff = diffChartDefaults(
      { auth: { password: "one" }, tag: "1" },
      { auth: { password: "two" }, tag: "2" },
      {},
    );
    expect(diff.defaultChanges).toEqual([
      {
        path: "auth.password",
        change: "changed",
        before: "REDACTED (3 bytes)",
        after: "REDACTED (3 bytes)",
      },
      { path: "tag", change: "changed", before: "1", after: "2" },
    ]);
  });
});

describe("values a new major moved", () => {
  const before = { image: "r/app:1", verbose: false, replicaCount: 1 };
  const after = {
    image: { repository: "r/app", tag: "2" },
    logLevel: "info",
    controller: { replicaCount: 1 },
  };

  it("follows a key moved under another parent, and a lone flag renamed beside it", () => {
    expect(findRenamedKeys(before, after)).toEqual([
      { from: "replicaCount", to: "controller.replicaCount" },
      { from: "verbose", to: "logLevel" },
    ]);
  });

  it("says when a single value of yours meets a key the chart now reads as a map", () => {
    const { userKeys } = diffChartDefaults(before, after, { image: "r/app:custom" });
    expect(userKeys).toEqual([
      {
        path: "image",
        yourValue: "r/app:custom",
        effect: "replaced-by-map",
        replacedBy: ["image.repository", "image.tag"],
        defaultBefore: "r/app:1",
      },
    ]);
  });
});
