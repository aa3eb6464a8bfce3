// The chart as helm 4 and helm 3 render it: lint, golden files per values set, the schema, and
// what every Deployment must carry. Regenerate the golden files: WHEELHOUSE_UPDATE_GOLDEN=1.
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import { HELM_BINARIES } from "../../support/helm-fixture.ts";
import {
  chart,
  GOLDEN_SETS,
  goldenRender,
  runChartHelm,
  SERVICE_MONITOR_API,
  valuesFile,
} from "./chart-helm.ts";

const resourceSchema = z.looseObject({
  kind: z.string(),
  metadata: z.looseObject({ name: z.string() }),
});
const podSpecSchema = z.object({
  spec: z.object({
    template: z.object({
      spec: z.looseObject({
        securityContext: z.looseObject({}),
        containers: z.array(z.looseObject({ securityContext: z.looseObject({}) })),
        volumes: z.array(z.looseObject({ name: z.string() })),
      }),
    }),
  }),
});

function resources(rendered: string) {
  return parseAllDocuments(rendered)
    .map((doc) => doc.toJS())
    .filter((doc) => doc !== null)
    .map((doc) => resourceSchema.parse(doc));
}

describe.each(HELM_BINARIES)("the wheelhouse chart rendered by $label", ({ bin }) => {
  const template = async (args: string[], reject = true) =>
    runChartHelm(bin, ["template", "wheelhouse", chart, "-n", "wheelhouse", ...args], { reject });

  it("passes helm lint --strict with every values set", async () => {
    for (const set of GOLDEN_SETS) {
      const lint = await runChartHelm(bin, ["lint", "--strict", chart, "-f", valuesFile(set)]);
      expect(lint.stdout).toContain("1 chart(s) linted, 0 chart(s) failed");
    }
  });

  it.each(GOLDEN_SETS)("renders the %s values as its golden file", async (set) => {
    const { stdout } = await template([
      "-f",
      valuesFile(set),
      "--api-versions",
      SERVICE_MONITOR_API,
    ]);
    expect(stdout).toBe(await goldenRender(set, stdout));
  });

  it("runs both roles non-root on a read-only root with a /tmp emptyDir, no capabilities, seccomp", async () => {
    const { stdout } = await template(["-f", valuesFile("minimal")]);
    const deployments = resources(stdout).filter((r) => r.kind === "Deployment");
    expect(deployments.map((d) => d.metadata.name)).toEqual([
      "wheelhouse-app",
      "wheelhouse-worker",
    ]);
    for (const deployment of deployments) {
      const pod = podSpecSchema.parse(deployment).spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(pod.containers[0]?.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(pod.volumes).toContainEqual({ name: "tmp", emptyDir: {} });
    }
    const kinds = resources(stdout).map((r) => `${r.kind}/${r.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "PodDisruptionBudget/wheelhouse-app",
        "PodDisruptionBudget/wheelhouse-worker",
        "NetworkPolicy/wheelhouse-app",
        "NetworkPolicy/wheelhouse-worker",
        "Service/wheelhouse",
        "Secret/wheelhouse-secrets",
        "ConfigMap/wheelhouse-policy",
      ]),
    );
    expect(kinds.filter((k) => /^(Ingress|ServiceMonitor)\//.test(k))).toEqual([]);
  });

  it("rejects wrong types and a missing or malformed cluster by its schema", async () => {
    const refused = async (...set: string[]) => {
      const result = await template(
        set.flatMap((s) => ["--set", s]),
        false,
      );
      expect(result.exitCode).not.toBe(0);
      return result.stderr;
    };
    expect(await refused()).toMatch(/cluster/);
    expect(await refused("cluster=Prod_EU")).toMatch(/cluster/);
    expect(await refused("cluster=c1", "app.replicas=two")).toMatch(/replicas/);
    expect(await refused("cluster=c1", "secrets.planKey=short")).toMatch(/planKey/);
    expect(await refused("cluster=c1", "secrets.slackToken=xoxb-1")).toMatch(/slackToken/);
    expect(await refused("cluster=c1", "ingress.enabled=yes")).toMatch(/enabled/);
    // The value of earlier versions is refused, not ignored: the pods would lack their Secret.
    expect(await refused("cluster=c1", "existingSecret=old")).toContain("secrets.existingSecret");
  });

  it("renders a ServiceMonitor only when enabled, and refuses one the cluster cannot hold", async () => {
    const on = ["--set", "cluster=c1", "--set", "metrics.serviceMonitor.enabled=true"];
    const missing = await template(on, false);
    expect(missing.stderr).toContain("no monitoring.coreos.com/v1 ServiceMonitor");
    const { stdout } = await template([...on, "--api-versions", SERVICE_MONITOR_API]);
    expect(resources(stdout).filter((r) => r.kind === "ServiceMonitor")).toHaveLength(1);
  });

  it("makes a plan key of its own when none is given, and none when an existing Secret is named", async () => {
    const made = await template(["--set", "cluster=c1"]);
    const secret = z
      .object({ data: z.object({ WHEELHOUSE_PLAN_KEY: z.string() }) })
      .parse(resources(made.stdout).find((r) => r.metadata.name === "wheelhouse-secrets"));
    expect(Buffer.from(secret.data.WHEELHOUSE_PLAN_KEY, "base64").toString()).toMatch(/^\w{64}$/);
    const existing = await template([
      "--set",
      "cluster=c1",
      "--set",
      "secrets.existingSecret=mine",
    ]);
    expect(resources(existing.stdout).filter((r) => r.kind === "Secret")).toEqual([]);
    expect(existing.stdout).toContain("name: mine");
  });
});
