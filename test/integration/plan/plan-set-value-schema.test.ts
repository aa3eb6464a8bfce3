// Values asked for in words on a chart with a values.schema.json, planned on the real cluster
// with helm 4 and helm 3: the schema, pulled beside the chart's values, makes a phrase certain
// that the values alone leave open ("service port" on namesake-b, same values, no schema), and
// lets words mean a key only the schema declares. A schema-less chart still plans.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { analyzeRules } from "../../../src/intent/analyze-rules.ts";
import type { PlanOutcome } from "../../../src/plan/plan-types.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm, HELM_BINARIES } from "../../support/helm-fixture.ts";
import { testKube } from "./plan-test-support.ts";

describe.each(HELM_BINARIES)("set-values in words with the chart's schema ($label)", (binary) => {
  let helm: HelmClient;
  let namespace: string;

  async function planText(text: string): Promise<PlanOutcome> {
    const inventory = await helm.list({ namespace });
    const { intent } = analyzeRules(text, inventory);
    expect(intent.operation, JSON.stringify(intent)).toBe("set-values");
    return makePlan({ intent, inventory, helm, kube: testKube(), now: new Date() });
  }

  async function setArgs(text: string): Promise<{ set: string[]; warnings: string }> {
    const outcome = await planText(text);
    if (outcome.kind !== "plan") throw new Error(JSON.stringify(outcome));
    const argv = outcome.command.argv;
    const set = argv.flatMap((arg, i) => (argv[i - 1] === "--set" ? [arg] : []));
    return { set, warnings: outcome.warnings.join("\n") };
  }

  beforeAll(async () => {
    helm = await createTestHelm(binary.bin, inject("chartRepoUrl"));
    namespace = await createNamespace(`plan-schema-h${binary.major}`);
    const installs: Array<[string, string]> = [
      ["described", "fixtures/described"],
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

  it("reads the chart's values.schema.json, and nothing from a chart without one", async () => {
    const schema = await helm.chartSchema("fixtures/described", "1.0.0");
    expect(schema?.properties).toHaveProperty("controller");
    expect(await helm.chartSchema("fixtures/namesake-b", "1.0.0")).toBeUndefined();
  });

  it("settles the service port by the schema's descriptions, where the values tie", async () => {
    const described = await setArgs("set the service port to 8081 on described");
    expect(described.set).toEqual(["controller.service.port=8081"]);
    expect(described.warnings).toContain('"service port" as `controller.service.port`');
    const nested = await planText("set the service port to 8081 on nested");
    expect(nested).toMatchObject({ kind: "refusal", code: "needs_clarification" });
  });

  it("maps words onto a key only the schema declares", async () => {
    const described = await setArgs("set the grace period to 60 on described");
    expect(described.set).toEqual(["controller.terminationGracePeriodSeconds=60"]);
  });

  it("keeps a key the chart has without waiting for the schema", async () => {
    const described = await setArgs("flip metrics.enabled to true on described");
    expect(described.set).toEqual(["metrics.enabled=true"]);
    expect(described.warnings).not.toContain("Read ");
  });
});
