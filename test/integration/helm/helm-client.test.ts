// The helm adapter against the real cluster, on helm 4 and helm 3 alike.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { createNamespace, deleteNamespace, kubectl } from "../../support/cluster.ts";
import { createTestHelm, HELM_BINARIES } from "../../support/helm-fixture.ts";

describe.each(HELM_BINARIES)("HelmClient with $label", ({ bin, major }) => {
  let helm: HelmClient;
  let namespace: string;
  const release = () => ({ name: "webapp", namespace });

  beforeAll(async () => {
    helm = await createTestHelm(bin, inject("chartRepoUrl"));
    namespace = await createNamespace(`helm${major}`);
  });
  afterAll(() => deleteNamespace(namespace));

  it("detects the helm major version", () => {
    expect(helm.major).toBe(major);
  });

  it("finds every version of a chart in the repository", async () => {
    const versions = (await helm.searchRepo("fixtures/webapp")).map((r) => r.version);
    expect(versions).toEqual(["2.0.0", "1.2.0", "1.1.0", "1.0.0"]);
  });

  it("shows a chart's metadata and default values for a version", async () => {
    const chart = await helm.showChart("fixtures/webapp", "2.0.0");
    expect(chart).toMatchObject({ name: "webapp", version: "2.0.0", appVersion: "2.0.0" });
    const values = await helm.showValues("fixtures/webapp", "2.0.0");
    expect(values).toMatchObject({ replicas: 2, image: { tag: "2.0.0" } });
    expect(values).not.toHaveProperty("replicaCount");
  });

  it("installs a release and waits until its pods are ready", async () => {
    const result = await helm.mutate({
      kind: "install",
      release: release(),
      chart: "fixtures/webapp",
      version: "1.0.0",
      set: { replicaCount: 2 },
      wait: true,
      timeoutSeconds: 90,
    });
    expect(result.release).toMatchObject({
      name: "webapp",
      version: 1,
      info: { status: "deployed" },
    });
    const ready = await kubectl([
      "get",
      "deployment",
      "webapp",
      "-n",
      namespace,
      "-o",
      "jsonpath={.status.readyReplicas}",
    ]);
    expect(ready.stdout).toBe("2");
  });

  it("lists the release in all namespaces, in its namespace, and not among failed ones", async () => {
    const all = await helm.list();
    expect(all).toContainEqual(
      expect.objectContaining({
        name: "webapp",
        namespace,
        revision: 1,
        status: "deployed",
        chart: "webapp-1.0.0",
      }),
    );
    expect(await helm.list({ namespace })).toHaveLength(1);
    expect(await helm.list({ namespace, statusFilter: "failed" })).toEqual([]);
  });

  it("reads status, user values, all values and the manifest", async () => {
    const status = await helm.status(release());
    // `helm status -o json` carries no chart; the chart version comes from list or history.
    expect(status).toMatchObject({
      name: "webapp",
      namespace,
      version: 1,
      info: { status: "deployed" },
    });
    expect(await helm.getValues(release())).toEqual({ replicaCount: 2 });
    expect(await helm.getValues(release(), { all: true })).toMatchObject({
      replicaCount: 2,
      image: { tag: "1.0.0" },
    });
    const manifest = await helm.getManifest(release());
    expect(manifest).toContain("kind: Deployment");
    expect(manifest).toContain("kind: Secret");
  });

  it("dry-runs an upgrade on the server without changing the release", async () => {
    const result = await helm.mutate({
      kind: "upgrade",
      release: release(),
      chart: "fixtures/webapp",
      version: "1.1.0",
      valuesStrategy: "reset-then-reuse",
      dryRun: true,
    });
    expect(result.argv).toContain("--dry-run=server");
    expect(result.release?.manifest).toContain("registry.example.com/webapp:1.1.0");
    expect((await helm.status(release())).version).toBe(1);
  });

  it("keeps the old chart's defaults with --reuse-values (why plans choose the strategy)", async () => {
    const result = await helm.mutate({
      kind: "upgrade",
      release: release(),
      chart: "fixtures/webapp",
      version: "1.1.0",
      valuesStrategy: "reuse",
      dryRun: true,
    });
    expect(result.release?.manifest).toContain("registry.example.com/webapp:1.0.0");
  });

  it("upgrades with values from an object and strings that hold helm's separators", async () => {
    const result = await helm.mutate({
      kind: "upgrade",
      release: release(),
      chart: "fixtures/webapp",
      version: "1.1.0",
      valuesStrategy: "reset-then-reuse",
      values: { podLabels: { team: "platform" } },
      set: { logLevel: "debug,verbose={x}", "ingress.enabled": true },
      wait: true,
      timeoutSeconds: 90,
    });
    expect(result.release).toMatchObject({ version: 2, info: { status: "deployed" } });
    expect(await helm.getValues(release())).toEqual({
      replicaCount: 2,
      podLabels: { team: "platform" },
      logLevel: "debug,verbose={x}",
      ingress: { enabled: true },
    });
  });

  it("keeps the history of every revision", async () => {
    const history = await helm.history(release());
    expect(history.map((h) => [h.revision, h.status, h.chart])).toEqual([
      [1, "superseded", "webapp-1.0.0"],
      [2, "deployed", "webapp-1.1.0"],
    ]);
  });

  it("dry-runs a rollback, then rolls back to a revision", async () => {
    await helm.mutate({ kind: "rollback", release: release(), revision: 1, dryRun: true });
    expect((await helm.status(release())).version).toBe(2);
    await helm.mutate({
      kind: "rollback",
      release: release(),
      revision: 1,
      wait: true,
      timeoutSeconds: 90,
    });
    expect(await helm.status(release())).toMatchObject({
      version: 3,
      info: { status: "deployed" },
    });
    expect((await helm.history(release())).at(-1)).toMatchObject({
      revision: 3,
      chart: "webapp-1.0.0",
    });
  });

  it("rolls a failed upgrade back on its own when asked to", async () => {
    await expect(
      helm.mutate({
        kind: "upgrade",
        release: release(),
        chart: "fixtures/webapp",
        version: "1.2.0",
        valuesStrategy: "reset-then-reuse",
        rollbackOnFailure: true,
        wait: true,
        timeoutSeconds: 8,
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/helm_timeout|helm_command_failed/) });
    // helm 4 records the automatic rollback as a new revision of the last good chart.
    const [current] = await helm.list({ namespace });
    expect(current).toMatchObject({ status: "deployed", chart: "webapp-1.0.0" });
  });

  it("dry-runs an uninstall, then uninstalls keeping the history", async () => {
    await helm.mutate({ kind: "uninstall", release: release(), dryRun: true });
    expect((await helm.status(release())).info.status).toBe("deployed");
    await helm.mutate({ kind: "uninstall", release: release(), keepHistory: true });
    expect((await helm.status(release())).info.status).toBe("uninstalled");
    expect(await helm.list({ namespace, statusFilter: "uninstalled" })).toHaveLength(1);
  });

  it("installs a chart that ships CRDs, with a custom resource", async () => {
    await helm.mutate({
      kind: "install",
      release: { name: "widgets", namespace },
      chart: "fixtures/widgets",
      wait: true,
      timeoutSeconds: 90,
    });
    const crd = await kubectl(["get", "crd", "widgets.example.com", "-o", "name"]);
    expect(crd.stdout).toBe("customresourcedefinition.apiextensions.k8s.io/widgets.example.com");
    const widgets = await kubectl(["get", "widgets.example.com", "-n", namespace, "-o", "name"]);
    expect(widgets.stdout).toBe("widget.example.com/widgets-default");
  });
});
