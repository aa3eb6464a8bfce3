// Alert labels to the Helm release behind them, on the real cluster: a pod up its owner chain to
// helm's annotation, a Deployment or StatefulSet named directly, a pod that is gone, and
// workloads no release owns.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mapAlertToRelease } from "../../../src/alerts/map-alert-to-release.ts";
import { createNamespace, deleteNamespace, kubectl } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { testKube } from "./alert-test-support.ts";

describe("mapAlertToRelease", () => {
  const kube = testKube();
  let namespace: string;
  let pod: string;

  beforeAll(async () => {
    namespace = await createNamespace("alerts-map");
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    await helm.mutate({
      kind: "install",
      release: { name: "shop", namespace },
      chart: "fixtures/webapp",
      version: "1.0.0",
      set: { replicaCount: 1 },
      wait: true,
      timeoutSeconds: 60,
    });
    await helm.mutate({
      kind: "install",
      release: { name: "ledger", namespace },
      chart: "fixtures/datastore",
      version: "0.1.0",
    });
    // Not made by helm: kubectl's own labels only.
    await kubectl([
      "create",
      "deployment",
      "handmade",
      "-n",
      namespace,
      "--image=registry.example.com/x:1",
    ]);
    const pods = await kube.get({
      resource: "pods",
      namespace,
      selector: "app.kubernetes.io/instance=shop",
    });
    pod = pods[0]?.metadata.name ?? "";
  });
  afterAll(() => deleteNamespace(namespace));

  it("climbs from a pod to its Deployment's release annotation", async () => {
    expect(pod).toMatch(/^shop-[a-z0-9]+-[a-z0-9]+$/);
    expect(await mapAlertToRelease({ namespace, pod, job: "kube-state-metrics" }, kube)).toEqual({
      kind: "release",
      release: { name: "shop", namespace },
      workload: `Pod/${pod}`,
      via: "helm-annotation",
    });
  });

  it("maps a Deployment and a StatefulSet named by their labels", async () => {
    expect(await mapAlertToRelease({ namespace, deployment: "shop" }, kube)).toMatchObject({
      kind: "release",
      release: { name: "shop", namespace },
      via: "helm-annotation",
    });
    expect(await mapAlertToRelease({ namespace, statefulset: "ledger-db" }, kube)).toMatchObject({
      kind: "release",
      release: { name: "ledger", namespace },
      workload: "StatefulSet/ledger-db",
    });
  });

  it("finds the release of a pod that is gone through the owners its name points at", async () => {
    const gone = `${pod.slice(0, pod.lastIndexOf("-"))}-zz9zz`;
    expect(await mapAlertToRelease({ namespace, pod: gone }, kube)).toMatchObject({
      kind: "release",
      release: { name: "shop", namespace },
      workload: expect.stringContaining(`(pod ${gone} is gone)`),
    });
  });

  it("says why a workload maps to no release", async () => {
    expect(await mapAlertToRelease({ namespace, deployment: "handmade" }, kube)).toEqual({
      kind: "unknown",
      namespace,
      workload: "Deployment/handmade",
      reason: "Deployment/handmade has no Helm release annotation or instance label",
    });
    const ghost = await mapAlertToRelease({ namespace, pod: "ghost-worker-7c9d5f8b6-q2x7k" }, kube);
    expect(ghost).toMatchObject({
      kind: "unknown",
      reason: `no Pod ghost-worker-7c9d5f8b6-q2x7k in ${namespace}`,
    });
  });

  it("needs a namespace and a workload label", async () => {
    expect(await mapAlertToRelease({ pod }, kube)).toMatchObject({
      kind: "unknown",
      reason: "the alert has no namespace label",
    });
    expect(await mapAlertToRelease({ namespace, instance: "10.0.0.1:9100" }, kube)).toMatchObject({
      kind: "unknown",
      reason: expect.stringContaining("names no pod"),
    });
    expect(await mapAlertToRelease({ namespace, pod: "--all-namespaces" }, kube)).toMatchObject({
      kind: "unknown",
      reason: expect.stringContaining("Refused name"),
    });
  });
});
