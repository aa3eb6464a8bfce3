// The chart that deploys Wheelhouse itself, checked by helm and the real API server.
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment } from "../../support/test-environment.ts";

const chart = join(import.meta.dirname, "..", "..", "..", "helm", "wheelhouse");

describe("the wheelhouse chart", () => {
  let helm: HelmClient;
  let namespace: string;

  beforeAll(async () => {
    helm = await createTestHelm(testEnvironment.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("chart");
  });
  afterAll(() => deleteNamespace(namespace));

  it("passes helm lint", async () => {
    const lint = await execa(testEnvironment.helm4Bin, ["lint", chart], { reject: false });
    expect(lint.stdout).toContain("0 chart(s) failed");
  });

  it("is accepted by the API server with an app and a worker role, and mounts the policy", async () => {
    const { release } = await helm.mutate({
      kind: "install",
      release: { name: "wheelhouse", namespace },
      chart,
      set: { policy: "channels: {}", "rbac.create": false },
      dryRun: true,
    });
    const manifest = release?.manifest ?? "";
    expect(manifest).toContain('args: ["start", "--role", "app"]');
    expect(manifest).toContain('args: ["start", "--role", "worker"]');
    expect(manifest).toContain("path: /readyz");
    expect(manifest).toContain("value: /etc/wheelhouse/policy.yaml");
  });
});
