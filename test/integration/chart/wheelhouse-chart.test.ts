// The chart that deploys Wheelhouse itself, checked by helm and the real API server.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { decideRequest } from "../../../src/policy/decide-request.ts";
import { parsePolicy } from "../../../src/policy/parse-policy.ts";
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

  it("ships an explicit policy by default: reads everywhere, no changes until a channel is added", async () => {
    const { release } = await helm.mutate({
      kind: "install",
      release: { name: "wheelhouse", namespace },
      chart,
      set: { "rbac.create": false },
      dryRun: true,
    });
    const manifest = release?.manifest ?? "";
    expect(manifest).toContain("value: /etc/wheelhouse/policy.yaml");
    expect(manifest).toContain("name: wheelhouse-policy");
    const values = z
      .object({ policy: z.string() })
      .parse(parseYaml(await readFile(join(chart, "values.yaml"), "utf8")));
    const policy = parsePolicy(values.policy, "values.yaml policy");
    expect(policy.builtIn).toBeUndefined();
    const ask = (operation: "status" | "upgrade") =>
      decideRequest(policy, { channel: "C0ANY", operation, namespace: "shop" }).allowed;
    expect([ask("status"), ask("upgrade")]).toEqual([true, false]);
  });
});
