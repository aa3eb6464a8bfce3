// A chart's values.schema.json in the mapping: its descriptions settle a tie of key names, the
// keys it declares (and values.yaml leaves out) can be meant, and its types keep a value off a
// key it cannot be. The same words on values alone stay ambiguous or unmapped.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { mapValueWords, needsWordMapping } from "../../../src/plan/map-value-words.ts";

const chartDir = join(import.meta.dirname, "../../fixtures/charts/described-1.0.0");
const defaults: Record<string, unknown> = parse(
  readFileSync(join(chartDir, "values.yaml"), "utf8"),
);
const schema: unknown = JSON.parse(readFileSync(join(chartDir, "values.schema.json"), "utf8"));

describe("mapValueWords with the chart's schema", () => {
  it("takes the key whose description says the words when the names tie", () => {
    expect(mapValueWords({ "service.port": 8081 }, { defaults })).toMatchObject({
      kind: "ambiguous",
      candidates: ["controller.service.port", "metrics.service.port"],
    });
    expect(mapValueWords({ "service.port": 8081 }, { defaults, schema })).toEqual({
      kind: "mapped",
      set: { "controller.service.port": 8081 },
      mappings: [{ from: "service port", to: "controller.service.port" }],
    });
  });

  it("maps onto a key only the schema declares", () => {
    expect(mapValueWords({ "grace.period": 60 }, { defaults })).toEqual({
      kind: "mapped",
      set: { "grace.period": 60 },
      mappings: [],
    });
    expect(mapValueWords({ "grace.period": 60 }, { defaults, schema })).toMatchObject({
      set: { "controller.terminationGracePeriodSeconds": 60 },
    });
  });

  it("never puts a quantity on a key the schema types as a number", () => {
    const typed = {
      properties: {
        cache: {
          properties: { size: { type: "integer", description: "Size of the cache, in entries" } },
        },
        storage: { properties: { size: { type: "string", description: "Size of the volume" } } },
      },
    };
    expect(mapValueWords({ size: "10Gi" }, { defaults: {}, schema: typed })).toMatchObject({
      set: { "storage.size": "10Gi" },
    });
    expect(mapValueWords({ size: 10 }, { defaults: {}, schema: typed })).toMatchObject({
      kind: "ambiguous",
    });
  });

  it("keeps the same tie when both descriptions say the words", () => {
    const twins = {
      properties: {
        server: { properties: { port: { type: "integer", description: "Service port" } } },
        worker: { properties: { port: { type: "integer", description: "Service port" } } },
      },
    };
    expect(mapValueWords({ "service.port": 1 }, { defaults: {}, schema: twins })).toMatchObject({
      kind: "ambiguous",
    });
  });

  it("needs words mapped only when a key is not the chart's own", () => {
    expect(needsWordMapping({ "metrics.enabled": true }, defaults)).toBe(false);
    expect(needsWordMapping({ "controller.extra.labels": "x" }, defaults)).toBe(true);
    expect(needsWordMapping({ "metrics.enabled": true, "service.port": 1 }, defaults)).toBe(true);
  });
});
