// The chart installed into the real test cluster by helm 4 and helm 3: both roles' pods become
// Ready (kwok plays the kubelet), and the plan key the chart made survives an upgrade.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createNamespace, deleteNamespace, kubectl } from "../../support/cluster.ts";
import { HELM_BINARIES } from "../../support/helm-fixture.ts";
import { chart, runChartHelm, valuesFile } from "./chart-helm.ts";

const podListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({
        labels: z.record(z.string(), z.string()),
        deletionTimestamp: z.string().optional(),
      }),
      status: z.object({
        conditions: z.array(z.object({ type: z.string(), status: z.string() })).default([]),
      }),
    }),
  ),
});
const secretSchema = z.object({ data: z.object({ WHEELHOUSE_PLAN_KEY: z.string() }) });

describe.each(HELM_BINARIES)("the wheelhouse chart installed by $label", ({ bin }) => {
  let namespace: string;
  const helm = (...args: string[]) => runChartHelm(bin, [...args, "-n", namespace]);

  // The roles of the Ready pods that are not on their way out (an upgrade replaces them).
  async function readyRoles(): Promise<string[]> {
    const { stdout } = await kubectl([
      ...["get", "pods", "-n", namespace, "-l", "app.kubernetes.io/instance=wheelhouse"],
      ...["-o", "json"],
    ]);
    return podListSchema
      .parse(JSON.parse(stdout))
      .items.filter((pod) => pod.metadata.deletionTimestamp === undefined)
      .filter((pod) => pod.status.conditions.some((c) => c.type === "Ready" && c.status === "True"))
      .map((pod) => pod.metadata.labels["app.kubernetes.io/component"] ?? "?")
      .sort();
  }

  async function planKey(): Promise<string> {
    const { stdout } = await kubectl([
      "get",
      "secret",
      "wheelhouse-secrets",
      "-n",
      namespace,
      "-o",
      "json",
    ]);
    return secretSchema.parse(JSON.parse(stdout)).data.WHEELHOUSE_PLAN_KEY;
  }

  beforeAll(async () => {
    namespace = await createNamespace("chart-install");
  });
  afterAll(async () => {
    await runChartHelm(bin, ["uninstall", "wheelhouse", "-n", namespace], { reject: false });
    await deleteNamespace(namespace);
  });

  it("installs with the app and the worker Ready, and tells the next step", async () => {
    const install = await helm(
      ...["install", "wheelhouse", chart, "--set", "cluster=test-1"],
      ...["--set", `rbac.namespaces={${namespace}}`, "--wait", "--timeout", "90s"],
    );
    expect(install.stdout).toContain("Next steps:");
    expect(install.stdout).toContain("Give the bot its Slack tokens");
    expect(await readyRoles()).toEqual(["app", "worker"]);
  });

  it("keeps the plan key it made across an upgrade, so pending plans stay valid", async () => {
    const before = await planKey();
    expect(Buffer.from(before, "base64").toString()).toMatch(/^\w{64}$/);
    await helm(
      ...["upgrade", "wheelhouse", chart, "--reuse-values", "--set", "logLevel=debug"],
      ...["--wait", "--timeout", "90s"],
    );
    expect(await planKey()).toBe(before);
    expect(await readyRoles()).toEqual(["app", "worker"]);
  });

  it("has every optional part accepted by the API server (Ingress, NetworkPolicy peers, Secrets)", async () => {
    for (const set of ["production", "inline-secrets"]) {
      // No Prometheus Operator here (helm template checks the ServiceMonitor), and the values'
      // namespaces do not exist (the RBAC is proven by wheelhouse-chart.test.ts).
      const dryRun = await helm(
        ...["install", "wheelhouse-dry", chart, "-f", valuesFile(set), "--dry-run=server"],
        ...["--set", "metrics.serviceMonitor.enabled=false", "--set", "rbac.create=false"],
      );
      expect(dryRun.stdout).toContain("kind: Deployment");
    }
  });
});
