import { describe, expect, it } from "vitest";
import { planSetValues, type SetValuesInputs } from "../../../src/plan/plan-set-values.ts";
import { upgradeOperation } from "../../../src/plan/upgrade-operation.ts";
import {
  deployment,
  EXECUTION,
  manifest,
  NOW,
  passed,
  searchHits,
  status,
  summary,
} from "./plan-fixtures.ts";

const release = { name: "web", namespace: "shop" };
const set = { replicaCount: 3, "auth.password": "hunter2" };
const op = upgradeOperation({
  release,
  chartRef: "fixtures/webapp",
  version: "1.0.0",
  strategy: "reuse",
  set,
  execution: EXECUTION,
});

function inputs(overrides: Partial<SetValuesInputs> = {}): SetValuesInputs {
  return {
    summary: summary(),
    status: status({
      config: { replicaCount: 1 },
      manifest: manifest(deployment("web", "r/webapp:1.0.0", 1)),
    }),
    set,
    searchHits: searchHits("fixtures", "webapp", ["1.1.0", "1.0.0"]),
    dryRun: passed(op, {
      manifest: manifest(deployment("web", "r/webapp:1.0.0", 3)),
      config: { replicaCount: 3, auth: { password: "hunter2" } },
    }),
    helmMajor: 4,
    execution: EXECUTION,
    now: NOW,
    ...overrides,
  };
}

describe("planSetValues", () => {
  it("re-applies the same chart version with --reuse-values and --set, showing the values and object diffs", () => {
    const plan = planSetValues(inputs());
    if (plan.kind !== "plan") throw new Error(plan.reason);
    expect(plan.command.argv.slice(4, 8)).toEqual([
      "fixtures/webapp",
      "--version",
      "1.0.0",
      "--reuse-values",
    ]);
    expect(plan.setValues.valuesDiff).toEqual([
      { path: "auth.password", change: "added", after: "REDACTED (7 bytes)" },
      { path: "replicaCount", change: "changed", before: 1, after: 3 },
    ]);
    expect(plan.setValues.manifestDiff.changed[0]?.paths).toEqual(["spec.replicas"]);
    expect(plan.setValues.set).toEqual({ replicaCount: 3, "auth.password": "REDACTED" });
    expect(plan.command.display).toContain("auth.password=REDACTED");
    expect(plan.risk.reasons.map((r) => r.text)).toContain(
      "sets the sensitive value auth.password; it is stored in the release's values",
    );
  });

  it("refuses when the release's chart version is gone from the repository", () => {
    const refusal = planSetValues(
      inputs({ searchHits: searchHits("fixtures", "webapp", ["1.1.0"]) }),
    );
    expect(refusal).toMatchObject({
      kind: "refusal",
      code: "chart_not_in_repository",
      suggestions: ["upgrade web to 1.1.0 with the new values"],
    });
  });

  it("refuses when nothing is to be set", () => {
    expect(planSetValues(inputs({ set: {} }))).toMatchObject({
      kind: "refusal",
      code: "nothing_to_change",
    });
  });
});
