// The same planner on helm 3: what differs is the rollback dry-run (helm 3 can only simulate it)
// and the flags helm 3 knows; the plan says which helm its command was made for.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { CHART_SECRET, intent, testKube } from "./plan-test-support.ts";

describe("plans made with helm 3", () => {
  let helm: HelmClient;
  let namespace: string;
  const release = () => ({ name: "legacy", namespace });

  beforeAll(async () => {
    helm = await createTestHelm(env.helm3Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("plan-h3");
    await helm.mutate({
      kind: "install",
      release: release(),
      chart: "fixtures/webapp",
      version: "1.0.0",
      wait: true,
      timeoutSeconds: 90,
    });
    await helm.mutate({
      kind: "upgrade",
      release: release(),
      chart: "fixtures/webapp",
      version: "1.1.0",
      valuesStrategy: "reset-then-reuse",
      wait: true,
      timeoutSeconds: 90,
    });
  });
  afterAll(() => deleteNamespace(namespace));

  it("plans an upgrade with a server-side dry-run checked by the API server", async () => {
    const outcome = await makePlan({
      intent: intent("upgrade", "legacy", namespace, { targetVersion: "1.2.0" }),
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
    });
    if (outcome.kind !== "plan" || outcome.operation !== "upgrade")
      throw new Error(JSON.stringify(outcome));
    expect(outcome.command.helmMajor).toBe(3);
    expect(outcome.dryRun.mode).toBe("server");
    expect((outcome.dryRun.apiServerAccepted ?? 0) + (outcome.dryRun.apiServerUnchanged ?? 0)).toBe(
      4,
    );
    expect(outcome.upgrade.manifestDiff.imageChanges[0]?.after).toBe(
      "registry.example.com/webapp-crash:1.2.0",
    );
    expect(JSON.stringify(outcome)).not.toContain(CHART_SECRET);
  });

  it("plans a rollback whose dry-run helm 3 can only simulate, and says so", async () => {
    const outcome = await makePlan({
      intent: intent("rollback", "legacy", namespace),
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
    });
    if (outcome.kind !== "plan" || outcome.operation !== "rollback")
      throw new Error(JSON.stringify(outcome));
    expect(outcome.rollback.target.revision).toBe(1);
    expect(outcome.dryRun).toMatchObject({ mode: "client", apiServerAccepted: 3 });
    expect(outcome.warnings).toContain(
      "helm 3 only simulates a rollback in its dry-run; the API server checked the objects it brings back.",
    );
    expect(outcome.command.argv).toEqual([
      "rollback",
      "legacy",
      "1",
      "--namespace",
      namespace,
      "--timeout",
      "300s",
    ]);
  });
});
