// OCI charts end to end against real registries on loopback (Debian's docker-registry with TLS):
// tags read with basic auth and with the bearer-token flow, filtered as helm filters them, and
// upgrade plans that resolve "latest" or a version from them, on helm 4 and helm 3.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChartSourceDeps } from "../../../src/gather/gather-chart-versions.ts";
import { makePlan } from "../../../src/gather/make-plan.ts";
import { HelmClient } from "../../../src/helm/helm-client.ts";
import { parseOciReference } from "../../../src/model/oci-reference.ts";
import { createOciTagLister } from "../../../src/oci/list-oci-tags.ts";
import { readRegistryCredential } from "../../../src/oci/registry-credentials.ts";
import { trustCaFile } from "../../../src/oci/trust-ca-file.ts";
import type { PlanOutcome, UpgradePlan } from "../../../src/plan/plan-types.ts";
import { versionsFromOciTags } from "../../../src/plan/versions-from-oci-tags.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { HELM_BINARIES } from "../../support/helm-fixture.ts";
import {
  PUSHED_VERSIONS,
  pushFixtureCharts,
  registryHelmEnv,
  type TestRegistry,
  testRegistry,
  wrongPasswordConfig,
} from "../../support/oci-registry.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { intent, testKube } from "../plan/plan-test-support.ts";

let registry: TestRegistry;
let helmEnv: Record<string, string>;
let basicPrefix: string;
let tokenPrefix: string;

function lister(registryConfig: string, pageSize?: number) {
  return createOciTagLister({
    fetch: globalThis.fetch,
    credential: (host) => readRegistryCredential(registryConfig, host),
    timeoutMs: 10_000,
    ...(pageSize ? { pageSize } : {}),
  });
}

function chart(prefix: string) {
  const ref = parseOciReference(`${prefix}/webapp`);
  if (ref === null) throw new Error(`not a reference: ${prefix}`);
  return ref;
}

const registryConfig = () => helmEnv.HELM_REGISTRY_CONFIG ?? "";
// helm's order: newest first; v1.3.0 is not strict SemVer and is left out, as helm leaves it.
const HELM_VERSIONS = ["2.1.0-rc.1", "2.0.0", "1.2.0", "1.1.1+build.5", "1.1.0", "1.0.0"];

beforeAll(async () => {
  registry = await testRegistry();
  helmEnv = await registryHelmEnv(registry);
  [basicPrefix, tokenPrefix] = await Promise.all([
    pushFixtureCharts(registry.basic, registry, helmEnv),
    pushFixtureCharts(registry.token, registry, helmEnv),
  ]);
});

describe("tags from the registry", () => {
  // First, while the process does not trust the registry's CA yet.
  it("refuses a registry whose certificate it does not trust, and says so", async () => {
    await expect(lister(registryConfig())(chart(basicPrefix))).rejects.toMatchObject({
      code: "oci_tls_untrusted",
    });
    await trustCaFile(registry.caFile);
  });

  it("reads the tags with basic auth and keeps what helm keeps ('_' read as '+')", async () => {
    const tags = await lister(registryConfig())(chart(basicPrefix));
    expect([...tags].sort()).toEqual([...PUSHED_VERSIONS, "1.1.1_build.5", "v1.3.0"].sort());
    expect(versionsFromOciTags(tags).map((v) => v.version)).toEqual(HELM_VERSIONS);
  });

  it("follows the bearer-token flow: WWW-Authenticate, token service, then the tags", async () => {
    const tags = await lister(registryConfig())(chart(tokenPrefix));
    expect(versionsFromOciTags(tags).map((v) => v.version)).toEqual(HELM_VERSIONS);
  });

  it("follows the registry's Link pages", async () => {
    for (const prefix of [basicPrefix, tokenPrefix]) {
      const tags = await lister(registryConfig(), 2)(chart(prefix));
      expect(tags).toHaveLength(PUSHED_VERSIONS.length + 2);
    }
  });

  it("says when the credentials are wrong or missing, for both kinds of auth", async () => {
    const wrong = lister(await wrongPasswordConfig(registry));
    await expect(wrong(chart(basicPrefix))).rejects.toMatchObject({
      code: "oci_unauthorized",
      message: expect.stringMatching(/refused the credentials in helm's registry config/),
    });
    await expect(wrong(chart(tokenPrefix))).rejects.toMatchObject({
      code: "oci_unauthorized",
      message: expect.stringMatching(/token service .* refused the credentials/),
    });
    const none = lister("/nonexistent/config.json");
    for (const prefix of [basicPrefix, tokenPrefix])
      await expect(none(chart(prefix))).rejects.toMatchObject({
        code: "oci_unauthorized",
        message: expect.stringMatching(/needs credentials/),
      });
  });

  it("says when the chart is not in the registry", async () => {
    const missing = parseOciReference(`${basicPrefix}/no-such-chart`);
    if (missing === null) throw new Error("bad reference");
    await expect(lister(registryConfig())(missing)).rejects.toMatchObject({
      code: "oci_chart_not_found",
    });
  });
});

describe.each(HELM_BINARIES)("upgrade plans from the registry with $label", ({ bin }) => {
  let helm: HelmClient;
  let namespace: string;

  beforeAll(async () => {
    helm = await HelmClient.create({
      bin,
      kubeconfig: env.kubeconfig,
      env: helmEnv,
      timeoutMs: 120_000,
    });
    namespace = await createNamespace("oci-plan");
    await helm.mutate({
      kind: "install",
      release: { name: "from-oci", namespace },
      chart: `${basicPrefix}/webapp`,
      version: "1.0.0",
      caFile: registry.caFile,
      wait: true,
      timeoutSeconds: 90,
    });
  });
  afterAll(() => deleteNamespace(namespace));

  const sources = (registryConfigPath = registryConfig()): ChartSourceDeps => ({
    listTags: lister(registryConfigPath),
    registryCaFile: registry.caFile,
    rules: [
      {
        match: { release: { namespace, name: "from-oci" } },
        source: { kind: "oci", prefix: basicPrefix },
      },
    ],
  });

  async function plan(targetVersion: string | null, deps: ChartSourceDeps, chartRef?: string) {
    return makePlan({
      intent: intent("upgrade", "from-oci", namespace, { targetVersion }),
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
      sources: deps,
      ...(chartRef ? { options: { chartRef } } : {}),
    });
  }

  function asUpgrade(outcome: PlanOutcome): UpgradePlan {
    if (outcome.kind !== "plan" || outcome.operation !== "upgrade")
      throw new Error(`expected an upgrade plan: ${JSON.stringify(outcome)}`);
    return outcome;
  }

  it("resolves latest to the newest stable tag, from the source the configuration names", async () => {
    const up = asUpgrade(await plan("latest", sources()));
    expect(up.upgrade).toMatchObject({
      chartRef: `${basicPrefix}/webapp`,
      sourceBasis: "config",
      index: null,
      to: { chartVersion: "2.0.0", appVersion: "2.0.0" },
      targetReason: "2.0.0 is the newest stable version",
    });
    expect(up.upgrade.repositoryNote).toMatch(/\(WHEELHOUSE_CHART_SOURCES\) maps release/);
    expect(up.upgrade.availableVersions.map((v) => v.chartVersion)).toEqual(HELM_VERSIONS);
    expect(up.command.argv).toEqual(
      expect.arrayContaining(["--version", "2.0.0", "--ca-file", registry.caFile]),
    );
    expect(up.dryRun.apiServerAccepted).toBeGreaterThan(0);
  });

  it("plans a version with build metadata, which helm pulls by its '_' tag", async () => {
    const up = asUpgrade(await plan("1.1.1+build.5", sources()));
    expect(up.upgrade.to).toEqual({ chartVersion: "1.1.1+build.5", appVersion: "1.1.0" });
    expect(up.dryRun.mode).toBe("server");
  });

  it("reads a chart named with the request from the token-auth registry", async () => {
    const up = asUpgrade(await plan("1.1.0", { ...sources(), rules: [] }, `${tokenPrefix}/webapp`));
    expect(up.upgrade).toMatchObject({ chartRef: `${tokenPrefix}/webapp`, sourceBasis: "request" });
  });

  it("refuses clearly when helm's registry config has the wrong password", async () => {
    const outcome = await plan("latest", sources(await wrongPasswordConfig(registry)));
    expect(outcome).toMatchObject({
      kind: "refusal",
      code: "registry_refused",
      reason: expect.stringMatching(/refused the credentials in helm's registry config/),
      suggestions: [expect.stringMatching(/^helm registry login /)],
    });
    expect(JSON.stringify(outcome)).not.toContain(registry.password);
  });
});
