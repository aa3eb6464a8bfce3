// set-values plans on the real cluster: same chart version, --reuse-values and --set, with the
// values diff and the objects that change; a secret typed into the request is never shown.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import type { Intent } from "../../../src/model/intent.ts";
import type { PlanOutcome, SetValuesPlan } from "../../../src/plan/plan-types.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { CHART_SECRET, intent, testKube } from "./plan-test-support.ts";

describe("set-values plans", () => {
  let helm: HelmClient;
  let namespace: string;

  async function plan(set: Intent["set"]): Promise<PlanOutcome> {
    return makePlan({
      intent: intent("set-values", "shop", namespace, { set }),
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
    });
  }

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("plan-sv");
    await helm.mutate({
      kind: "install",
      release: { name: "shop", namespace },
      chart: "fixtures/webapp",
      version: "1.0.0",
      set: { replicaCount: 1 },
      wait: true,
      timeoutSeconds: 90,
    });
  });
  afterAll(() => deleteNamespace(namespace));

  it("re-applies the same chart version with the new value and shows what it changes", async () => {
    const outcome = await plan({ replicaCount: 3 });
    if (outcome.kind !== "plan" || outcome.operation !== "set-values")
      throw new Error(JSON.stringify(outcome));
    const setValues: SetValuesPlan = outcome;
    expect(setValues.command.argv).toEqual([
      "upgrade",
      "shop",
      "--namespace",
      namespace,
      "fixtures/webapp",
      "--version",
      "1.0.0",
      "--reuse-values",
      "--set",
      "replicaCount=3",
      "--timeout",
      "300s",
      "--output",
      "json",
    ]);
    expect(setValues.setValues.valuesDiff).toEqual([
      { path: "replicaCount", change: "changed", before: 1, after: 3 },
    ]);
    expect(setValues.setValues.manifestDiff.changed).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        namespace,
        name: "shop",
        paths: ["spec.replicas"],
        morePaths: 0,
      },
    ]);
    expect(setValues.setValues.manifestDiff.imageChanges).toEqual([]);
    expect(setValues.risk.level).toBe("low");
  });

  it("shows a new password only as REDACTED, and never the chart's default one", async () => {
    const outcome = await plan({ "auth.password": "hunter2-typed" });
    if (outcome.kind !== "plan" || outcome.operation !== "set-values")
      throw new Error(JSON.stringify(outcome));
    expect(outcome.command.display).toContain("--set-string auth.password=REDACTED");
    expect(outcome.setValues.valuesDiff).toEqual([
      // helm-diff style: a length, never the content.
      { path: "auth.password", change: "added", after: "REDACTED (13 bytes)" },
    ]);
    expect(outcome.setValues.manifestDiff.changed.map((c) => [c.kind, c.paths])).toEqual([
      ["Secret", ["stringData.PASSWORD: REDACTED (14 bytes) → REDACTED (13 bytes)"]],
    ]);
    const { command, ...shown } = outcome;
    expect(JSON.stringify(shown)).not.toContain("hunter2-typed");
    expect(JSON.stringify(outcome)).not.toContain(CHART_SECRET);
  });

  // helm's own --dry-run=server renders "replicas: many" happily; the API server does not.
  it("refuses a value the API server rejects, in one sentence with the server's words", async () => {
    const outcome = await plan({ replicaCount: "many" });
    expect(outcome).toMatchObject({ kind: "refusal", code: "dry_run_rejected" });
    if (outcome.kind !== "refusal") return;
    expect(outcome.reason).toMatch(
      /^The dry-run with the new values was rejected by the API server: .*\.spec\.replicas: expected numeric/,
    );
    expect(outcome.detail).toContain(".spec.replicas");
  });
});
