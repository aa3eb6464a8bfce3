// The chart that deploys Wheelhouse itself, checked by helm and the real API server.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { longestJobSeconds } from "../../../src/model/change-limits.ts";
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

  it("passes helm lint once the cluster is named", async () => {
    const lint = await execa(testEnvironment.helm4Bin, ["lint", chart, "--set", "cluster=c1"], {
      reject: false,
    });
    expect(lint.stdout).toContain("0 chart(s) failed");
  });

  it("is accepted by the API server with an app and a worker role, and mounts the policy", async () => {
    const { release } = await helm.mutate({
      kind: "install",
      release: { name: "wheelhouse", namespace },
      chart,
      set: { policy: "channels: {}", "rbac.create": false, cluster: "test-1" },
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
      set: { "rbac.create": false, cluster: "test-1" },
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

  it("requires the cluster's name, and gives the worker the shutdown grace of the longest change", async () => {
    const render = (set: Record<string, string | boolean>) =>
      helm.mutate({
        kind: "install",
        release: { name: "wheelhouse", namespace },
        chart,
        set: { "rbac.create": false, ...set },
        dryRun: true,
      });
    await expect(render({})).rejects.toMatchObject({
      stderrHead: expect.stringContaining("at '/cluster': minLength"),
    });
    const graces = async (set: Record<string, string | boolean>) => {
      const manifest = (await render({ cluster: "prod-eu-1", ...set })).release?.manifest ?? "";
      expect(manifest).toContain('value: "prod-eu-1"');
      return [...manifest.matchAll(/terminationGracePeriodSeconds: (\d+)/g)].map((m) =>
        Number(m[1]),
      );
    };
    // Only the worker runs changes; the app keeps the default grace.
    expect(await graces({})).toEqual([longestJobSeconds({ timeoutSeconds: 300, wait: false })]);
    expect(await graces({ changeTimeoutSeconds: "120" })).toEqual([
      longestJobSeconds({ timeoutSeconds: 120, wait: false }),
    ]);
    const policy = "{ execution: { timeoutSeconds: 600, wait: true }, channels: {} }";
    expect(await graces({ policy })).toEqual([
      longestJobSeconds({ timeoutSeconds: 600, wait: true }),
    ]);
  });
});

// The chart's identities on the real API server: what each ServiceAccount may do, asked of the
// API server itself (kubectl auth can-i as the ServiceAccount).
describe("the wheelhouse chart's ServiceAccounts", () => {
  let helm: HelmClient;
  let home: string;
  let team: string;
  let other: string;
  const policy = `
identities:
  users:
    U0ALICE: { user: alice@example.com, groups: [team-shop] }
channels: {}
`;

  async function can(role: "app" | "worker", ...args: string[]): Promise<boolean> {
    const as = `system:serviceaccount:${home}:wheelhouse-${role}`;
    const result = await execa(
      testEnvironment.kubectlBin,
      ["--kubeconfig", testEnvironment.kubeconfig, "auth", "can-i", ...args, `--as=${as}`],
      { reject: false },
    );
    return result.stdout.trim() === "yes";
  }

  beforeAll(async () => {
    helm = await createTestHelm(testEnvironment.helm4Bin, inject("chartRepoUrl"));
    [home, team, other] = await Promise.all([
      createNamespace("chart-sa"),
      createNamespace("chart-team"),
      createNamespace("chart-other"),
    ]);
    await helm.mutate({
      kind: "install",
      release: { name: "wheelhouse", namespace: home },
      chart,
      values: { cluster: "test-1", policy, rbac: { namespaces: [team] } },
      timeoutSeconds: 60,
    });
  }, 120_000);
  afterAll(async () => {
    await helm.mutate({ kind: "uninstall", release: { name: "wheelhouse", namespace: home } });
    await Promise.all([home, team, other].map(deleteNamespace));
  });

  it("lets the app read and impersonate the policy's people, and nothing more", async () => {
    expect(await can("app", "list", "secrets", "--all-namespaces")).toBe(true);
    expect(await can("app", "impersonate", "users/alice@example.com")).toBe(true);
    expect(await can("app", "impersonate", "groups/team-shop")).toBe(true);
    expect(await can("app", "impersonate", "users/mallory@example.com")).toBe(false);
    expect(await can("app", "impersonate", "groups/system:masters")).toBe(false);
    expect(await can("app", "patch", "deployments", "-n", team)).toBe(false);
  });

  it("lets the worker write only in the namespaces it manages", async () => {
    expect(await can("worker", "patch", "deployments", "-n", team)).toBe(true);
    expect(await can("worker", "delete", "secrets", "-n", team)).toBe(true);
    expect(await can("worker", "patch", "deployments", "-n", other)).toBe(false);
    expect(await can("worker", "impersonate", "users/alice@example.com")).toBe(true);
  });

  it("writes cluster-wide only when asked, and gives the app the writes when nobody is mapped", async () => {
    const render = async (values: Record<string, unknown>) =>
      (
        await helm.mutate({
          kind: "install",
          release: { name: "wheelhouse", namespace: other },
          chart,
          values: { cluster: "test-1", ...values },
          dryRun: true,
        })
      ).release?.manifest ?? "";
    const narrow = await render({ policy, rbac: { namespaces: [team] } });
    expect(narrow).not.toContain("name: cluster-admin");
    // Each role runs as its own ServiceAccount, probed and scraped on its observability port.
    for (const role of ["app", "worker"]) {
      expect(narrow).toContain(`serviceAccountName: wheelhouse-${role}`);
    }
    expect(narrow.match(/httpGet: \{ path: \/readyz, port: metrics \}/g)).toHaveLength(2);
    expect(narrow).toContain('name: WHEELHOUSE_METRICS_PORT\n              value: "9464"');
    const wide = await render({ policy, rbac: { clusterWide: true } });
    expect(wide).toMatch(
      /kind: ClusterRole\n {2}name: cluster-admin\nsubjects:\n {2}- kind: ServiceAccount\n {4}name: wheelhouse-worker\n/,
    );
    const unmapped = await render({ policy: "channels: {}", rbac: { namespaces: [team] } });
    expect(unmapped).not.toContain("-impersonate");
    expect(unmapped).toMatch(
      /kind: RoleBinding[\s\S]*name: wheelhouse-app\n[\s\S]*name: wheelhouse-worker\n/,
    );
  });
});
