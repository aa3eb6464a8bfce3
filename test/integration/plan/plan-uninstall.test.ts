// Uninstall plans on the real cluster: the objects helm deletes, the CRD it leaves with its
// custom resources, and which PersistentVolumeClaims (and their data) go or stay.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import type { PlanOutcome, UninstallPlan } from "../../../src/plan/plan-types.ts";
import { createNamespace, deleteNamespace, kubectl } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { intent, testKube } from "./plan-test-support.ts";

async function waitForClaim(namespace: string, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const found = await kubectl(["get", "pvc", name, "-n", namespace, "-o", "name"], {
      reject: false,
    });
    if (found.exitCode === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for PersistentVolumeClaim ${namespace}/${name}`);
}

describe("uninstall plans", () => {
  let helm: HelmClient;
  let namespace: string;

  async function plan(name: string, keepHistory = false): Promise<UninstallPlan> {
    const outcome: PlanOutcome = await makePlan({
      intent: intent("uninstall", name, namespace),
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
      options: { keepHistory },
    });
    if (outcome.kind !== "plan" || outcome.operation !== "uninstall")
      throw new Error(`expected an uninstall plan: ${JSON.stringify(outcome)}`);
    return outcome;
  }

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("plan-un");
    await Promise.all([
      helm.mutate({
        kind: "install",
        release: { name: "gadgets", namespace },
        chart: "fixtures/widgets",
        wait: true,
        timeoutSeconds: 90,
      }),
      // No --wait: the claims never bind on this cluster, but the StatefulSet controller makes them.
      helm.mutate({
        kind: "install",
        release: { name: "store", namespace },
        chart: "fixtures/datastore",
      }),
    ]);
    await waitForClaim(namespace, "data-store-db-0");
  });
  afterAll(() => deleteNamespace(namespace));

  it("names the CRD helm leaves behind and the Widget that depends on it", async () => {
    const uninstall = await plan("gadgets");
    expect(uninstall.uninstall.deletes.map((r) => `${r.kind}/${r.name}`).sort()).toEqual([
      "Deployment/gadgets-operator",
      "Widget/gadgets-default",
    ]);
    const crd = uninstall.uninstall.crds.find((c) => c.name === "widgets.example.com");
    expect(crd).toMatchObject({ group: "example.com", kind: "Widget", fate: "left-behind" });
    expect(crd?.customResources).toContainEqual({
      namespace,
      name: "gadgets-default",
      inRelease: true,
    });
    expect(uninstall.risk.level).toBe("high");
    expect(uninstall.dryRun.mode).toBe("client");
    expect((await helm.status({ name: "gadgets", namespace })).info.status).toBe("deployed");
  });

  it("says the standalone claim is deleted and the StatefulSet's claim stays with its data", async () => {
    const uninstall = await plan("store");
    expect(uninstall.uninstall.volumes.map((v) => [v.name, v.fate, v.source])).toEqual([
      ["store-uploads", "deleted", "manifest"],
      ["data-store-db-0", "kept", "statefulset"],
    ]);
    expect(uninstall.uninstall.volumes[1]?.reason).toBe(
      "made by StatefulSet store-db from its volumeClaimTemplate data; helm does not delete it",
    );
    expect(uninstall.risk.reasons.map((r) => r.text)).toContain(
      `deletes PersistentVolumeClaim ${namespace}/store-uploads: its data is lost unless the volume is retained`,
    );
    expect(uninstall.uninstall.crds).toEqual([]);
  });

  it("offers --keep-history, and plans it when asked", async () => {
    const plain = await plan("store");
    expect(plain.uninstall.alternative.display).toBe(
      `helm uninstall store --namespace ${namespace} --keep-history --timeout 300s`,
    );
    const kept = await plan("store", true);
    expect(kept.command.argv).toContain("--keep-history");
    expect(kept.digest).not.toBe(plain.digest);
  });
});
