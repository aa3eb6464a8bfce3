// Values asked for in words, planned on the real cluster: the same words land on each chart's
// own key (replicas, controller.replicaCount, replicaCount; resources.limits.memory,
// controller.resources.limits.memory), the plan says how it read them, and a phrase two keys
// of the chart could mean is asked about with both as candidates.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { analyzeRules } from "../../../src/intent/analyze-rules.ts";
import type { PlanOutcome } from "../../../src/plan/plan-types.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { testKube } from "./plan-test-support.ts";

describe("set-values asked for in words", () => {
  let helm: HelmClient;
  let namespace: string;

  async function planText(text: string): Promise<PlanOutcome> {
    const inventory = await helm.list({ namespace });
    const { intent } = analyzeRules(text, inventory);
    expect(intent.operation, JSON.stringify(intent)).toBe("set-values");
    return makePlan({ intent, inventory, helm, kube: testKube(), now: new Date() });
  }

  async function setArgs(text: string): Promise<{ set: string[]; warnings: string[] }> {
    const outcome = await planText(text);
    if (outcome.kind !== "plan") throw new Error(JSON.stringify(outcome));
    const argv = outcome.command.argv;
    const flags = new Set(["--set", "--set-string"]);
    const set = argv.flatMap((arg, i) => (flags.has(argv[i - 1] ?? "") ? [arg] : []));
    return { set, warnings: outcome.warnings };
  }

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("plan-words");
    const installs: Array<[string, string]> = [
      ["plain", "fixtures/webapp"],
      ["flat", "fixtures/namesake-a"],
      ["nested", "fixtures/namesake-b"],
    ];
    await Promise.all(
      installs.map(([name, chart]) =>
        helm.mutate({
          kind: "install",
          release: { name, namespace },
          chart,
          version: "1.0.0",
          wait: false,
          timeoutSeconds: 90,
        }),
      ),
    );
  });
  afterAll(() => deleteNamespace(namespace));

  it("puts a replica count on each chart's own key", async () => {
    const plain = await setArgs("scale plain to 3 replicas");
    const flat = await setArgs("scale flat to 3 replicas");
    const nested = await setArgs("scale nested to 3 replicas");
    expect([plain.set, flat.set, nested.set]).toEqual([
      ["replicaCount=3"],
      ["replicas=3"],
      ["controller.replicaCount=3"],
    ]);
    // The chart's own key needs no explanation; a mapped one is shown before approval.
    expect(plain.warnings.join("\n")).not.toContain("Read ");
    expect(flat.warnings.join("\n")).toContain("`replicas`");
    expect(nested.warnings.join("\n")).toContain("`controller.replicaCount`");
  });

  it("reads a memory limit said in words as the chart's limits key, and says so", async () => {
    const flat = await setArgs("give flat a 1Gi memory limit");
    const nested = await setArgs("give nested a 1Gi memory limit");
    expect(flat.set).toEqual(["resources.limits.memory=1Gi"]);
    expect(nested.set).toEqual(["controller.resources.limits.memory=1Gi"]);
    expect(flat.warnings.join("\n")).toContain('"memory limit" as `resources.limits.memory`');
  });

  it("keeps an explicit dotted key the chart has", async () => {
    const nested = await setArgs("flip metrics.enabled to true on nested");
    expect(nested.set).toEqual(["metrics.enabled=true"]);
    expect(nested.warnings.join("\n")).not.toContain("Read ");
  });

  it("asks, with both keys as candidates, when two keys of the chart fit the words", async () => {
    const outcome = await planText("set the service port to 8081 on nested");
    expect(outcome).toMatchObject({ kind: "refusal", code: "needs_clarification" });
    if (outcome.kind !== "refusal") return;
    expect(outcome.reason).toContain("controller.service.port");
    expect(outcome.reason).toContain("metrics.service.port");
    expect(outcome.suggestions).toEqual([
      "set controller.service.port=<value> on nested",
      "set metrics.service.port=<value> on nested",
    ]);
  });
});
