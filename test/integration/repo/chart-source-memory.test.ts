// Wheelhouse remembers where it got a release's chart: an upgrade run by the real worker from an
// OCI chart named with the request is recorded in Redis, and the next plan, asked without any
// chart reference, takes the chart from there instead of assuming a repository.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ChartSourceDeps } from "../../../src/gather/gather-chart-versions.ts";
import { makePlan } from "../../../src/gather/make-plan.ts";
import { HelmClient } from "../../../src/helm/helm-client.ts";
import { createOciTagLister } from "../../../src/oci/list-oci-tags.ts";
import { readRegistryCredential } from "../../../src/oci/registry-credentials.ts";
import { trustCaFile } from "../../../src/oci/trust-ca-file.ts";
import {
  type ChartSourceMemory,
  createChartSourceMemory,
} from "../../../src/store/chart-source-memory.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import {
  pushFixtureCharts,
  registryHelmEnv,
  type TestRegistry,
  testRegistry,
} from "../../support/oci-registry.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { approveAs, CHANNEL, type Pipeline, startPipeline } from "../exec/exec-test-support.ts";
import { intent, testKube } from "../plan/plan-test-support.ts";
import { createTestRedis, type TestRedis } from "../store/redis-test-support.ts";

describe("chart source memory", () => {
  let registry: TestRegistry;
  let helm: HelmClient;
  let p: Pipeline;
  let memory: ChartSourceMemory;
  let memoryRedis: TestRedis;
  let namespace: string;
  let prefix: string;
  let sources: ChartSourceDeps;
  const release = () => ({ name: "remembered", namespace });

  beforeAll(async () => {
    registry = await testRegistry();
    await trustCaFile(registry.caFile);
    const helmEnv = await registryHelmEnv(registry);
    prefix = await pushFixtureCharts(registry.basic, registry, helmEnv);
    helm = await HelmClient.create({
      bin: env.helm4Bin,
      kubeconfig: env.kubeconfig,
      env: helmEnv,
      timeoutMs: 120_000,
    });
    // The fixture repository too: without memory, the plan would assume fixtures/webapp.
    await helm.repoAdd("fixtures", inject("chartRepoUrl"));
    namespace = await createNamespace("memory");
    memoryRedis = createTestRedis("memory-sources");
    memory = createChartSourceMemory(memoryRedis.redis, memoryRedis.prefix);
    p = await startPipeline("memory", helm, { chartSources: memory });
    sources = {
      listTags: createOciTagLister({
        fetch: globalThis.fetch,
        credential: (host) => readRegistryCredential(helmEnv.HELM_REGISTRY_CONFIG ?? "", host),
        timeoutMs: 10_000,
      }),
      registryCaFile: registry.caFile,
      memory,
    };
    await helm.mutate({
      kind: "install",
      release: release(),
      chart: `${prefix}/webapp`,
      version: "1.0.0",
      caFile: registry.caFile,
      wait: true,
      timeoutSeconds: 90,
    });
  });
  afterAll(async () => {
    await p?.close();
    await memoryRedis?.cleanup();
    if (namespace) await deleteNamespace(namespace);
  });

  const plan = async (targetVersion: string, chartRef?: string) =>
    makePlan({
      intent: intent("upgrade", "remembered", namespace, { targetVersion }),
      inventory: await helm.list({ namespace }),
      helm,
      kube: testKube(),
      now: new Date(),
      sources,
      options: {
        execution: { wait: false, timeoutSeconds: 60 },
        ...(chartRef ? { chartRef } : {}),
      },
    });

  it("without memory, a plan assumes the repository that has the chart", async () => {
    expect(await memory.recall(release())).toBeNull();
    const outcome = await plan("1.1.0");
    expect(outcome).toMatchObject({
      kind: "plan",
      upgrade: { chartRef: "fixtures/webapp", sourceBasis: "search" },
    });
  });

  it("after Wheelhouse ran an upgrade from an OCI chart, the next plan uses that chart", async () => {
    const first = await plan("1.1.0", `${prefix}/webapp`);
    if (first.kind !== "plan") throw new Error(`expected a plan: ${first.reason}`);
    const record = await p.store.save(
      first,
      {
        channel: CHANNEL,
        threadTs: "1714560000.000100",
        messageTs: null,
        requester: "U0CAROL",
        source: "mention",
      },
      3600,
    );
    await approveAs(p, record.id);
    const done = await p.notifier.finishedRecord(record.id);
    expect(done.execution?.outcome).toBe("succeeded");
    expect(await memory.recall(release())).toMatchObject({
      chartRef: `${prefix}/webapp`,
      chartVersion: "1.1.0",
    });

    const next = await plan("1.2.0");
    expect(next).toMatchObject({
      kind: "plan",
      upgrade: { chartRef: `${prefix}/webapp`, sourceBasis: "remembered" },
    });
    if (next.kind !== "plan" || next.operation !== "upgrade") throw new Error("expected upgrade");
    expect(next.upgrade.repositoryNote).toMatch(/Wheelhouse upgraded it from there last \(1\.1\.0/);
    expect(next.command.argv).toEqual(expect.arrayContaining(["--ca-file", registry.caFile]));
  });
});
