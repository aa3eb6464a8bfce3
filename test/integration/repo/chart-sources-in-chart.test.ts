// The chart that deploys Wheelhouse gives it helm's chart-source configuration from a Secret the
// platform team already has: repositories.yaml and the registry logins, mounted read-only.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment } from "../../support/test-environment.ts";

const chart = join(import.meta.dirname, "..", "..", "..", "helm", "wheelhouse");

describe("chart sources in the wheelhouse chart", () => {
  let helm: HelmClient;
  let namespace: string;

  beforeAll(async () => {
    helm = await createTestHelm(testEnvironment.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("chart-src");
  });
  afterAll(() => deleteNamespace(namespace));

  const render = async (set: Record<string, string | boolean>) =>
    (
      await helm.mutate({
        kind: "install",
        release: { name: "wheelhouse", namespace },
        chart,
        set: { "rbac.create": false, cluster: "test-1", ...set },
        dryRun: true,
      })
    ).release?.manifest ?? "";

  it("mounts the Secret at /etc/helm and points helm's variables at it", async () => {
    const manifest = await render({
      "chartSources.existingSecret": "helm-repositories",
      "chartSources.rules": "webapp=mirror platform/dns=oci://registry.example/charts",
      "chartSources.registryCaFile": "/etc/helm/registry-ca.crt",
    });
    expect(manifest).toContain("value: /etc/helm/repositories.yaml");
    expect(manifest).toContain("value: /etc/helm/registry-config.json");
    expect(manifest).toContain('value: "webapp=mirror platform/dns=oci://registry.example/charts"');
    expect(manifest).toContain('value: "/etc/helm/registry-ca.crt"');
    expect(manifest).toContain("secretName: helm-repositories");
    expect(manifest).toContain("{ name: helm-config, mountPath: /etc/helm, readOnly: true }");
  });

  it("without a Secret, mounts nothing and keeps helm's caches writable under /tmp", async () => {
    const manifest = await render({});
    expect(manifest).not.toContain("/etc/helm");
    expect(manifest).toContain("value: /tmp/helm/repository");
    expect(manifest).toContain('value: "600"');
  });
});
