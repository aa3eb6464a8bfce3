// Words of a values change mapped onto a chart's own keys: kept when the chart has the key,
// mapped when one key is certain (names, nesting, schema descriptions), asked otherwise.
import { describe, expect, it } from "vitest";
import { describeKeyMappings, mapValueWords } from "../../../src/plan/map-value-words.ts";

const flat = {
  replicas: 1,
  resources: { limits: { memory: "256Mi", cpu: "200m" }, requests: { memory: "128Mi" } },
  ingress: { enabled: false },
  podLabels: {},
};
const nested = {
  controller: { replicaCount: 1, resources: { limits: { memory: "512Mi" } } },
  defaultBackend: { replicaCount: 1 },
  autoscaling: { maxNodeCount: 10, enabled: false },
};

describe("mapValueWords", () => {
  it("keeps keys the chart has, and keys under a map it leaves open", () => {
    expect(
      mapValueWords({ "ingress.enabled": true, "podLabels.team": "x" }, { defaults: flat }),
    ).toEqual({
      kind: "mapped",
      set: { "ingress.enabled": true, "podLabels.team": "x" },
      mappings: [],
    });
  });

  it("maps the same words onto differently named keys", () => {
    expect(mapValueWords({ "memory.limit": "1Gi" }, { defaults: flat })).toEqual({
      kind: "mapped",
      set: { "resources.limits.memory": "1Gi" },
      mappings: [{ from: "memory limit", to: "resources.limits.memory" }],
    });
    expect(mapValueWords({ replicaCount: 3 }, { defaults: flat })).toMatchObject({
      set: { replicas: 3 },
    });
    expect(mapValueWords({ "max.node.count": 40 }, { defaults: nested })).toMatchObject({
      set: { "autoscaling.maxNodeCount": 40 },
    });
  });

  it("asks with the candidates when two keys fit equally", () => {
    expect(mapValueWords({ replicaCount: 2 }, { defaults: nested })).toEqual({
      kind: "ambiguous",
      key: "replicaCount",
      words: "replica count",
      candidates: ["controller.replicaCount", "defaultBackend.replicaCount"],
    });
  });

  it("uses the schema's descriptions, and never maps a boolean onto a number", () => {
    const schema = {
      properties: { workers: { type: "integer", description: "Number of replicas of the worker" } },
    };
    expect(mapValueWords({ "worker.replicas": 4 }, { defaults: {}, schema })).toMatchObject({
      set: { workers: 4 },
    });
    expect(mapValueWords({ "node.count": true }, { defaults: nested })).toMatchObject({
      set: { "node.count": true },
      mappings: [],
    });
  });

  it("describes each mapping for the plan", () => {
    expect(describeKeyMappings([{ from: "memory limit", to: "resources.limits.memory" }])).toEqual([
      'Read "memory limit" as `resources.limits.memory`, the chart\'s own key: check it before approving.',
    ]);
  });
});
