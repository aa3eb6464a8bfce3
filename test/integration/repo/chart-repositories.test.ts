// Chart repositories as helm users keep them, on real helm and the real cluster: several
// repositories carrying the same chart (assumed, or named by the configuration), indexes that
// Wheelhouse refreshes itself (on a TTL, and once when a version is missing), and a private
// repository whose credentials and CA file live in repositories.yaml and are never shown.
import { cp, mkdtemp, readFile, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ChartSourceDeps } from "../../../src/gather/gather-chart-versions.ts";
import { makePlan } from "../../../src/gather/make-plan.ts";
import { HelmClient } from "../../../src/helm/helm-client.ts";
import { createRepositoryIndexes } from "../../../src/helm/repository-indexes.ts";
import type { ChartSourceRule } from "../../../src/plan/chart-source-rules.ts";
import { describePlan } from "../../../src/plan/describe-plan.ts";
import type { PlanOutcome, UpgradePlan } from "../../../src/plan/plan-types.ts";
import { type ChartRepository, startChartRepository } from "../../support/chart-repository.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { isolatedHelmEnv } from "../../support/helm-fixture.ts";
import { testRegistry } from "../../support/oci-registry.ts";
import {
  type SecureChartRepository,
  startSecureChartRepository,
} from "../../support/secure-chart-repository.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { intent, testKube } from "../plan/plan-test-support.ts";

let helm: HelmClient;
let helmEnv: Record<string, string>;
let namespace: string;
let growing: ChartRepository;
let secure: SecureChartRepository;
let updates = 0;

const chartDir = (version: string) => join(env.chartsDir, `webapp-${version}`);

function indexes(ttlSeconds: number) {
  return createRepositoryIndexes({
    helm: {
      env: () => helm.env(),
      repoUpdate: async (names) => {
        updates++;
        await helm.repoUpdate(names);
      },
    },
    ttlSeconds,
  });
}

async function plan(name: string, targetVersion: string, sources: ChartSourceDeps) {
  return makePlan({
    intent: intent("upgrade", name, namespace, { targetVersion }),
    inventory: await helm.list({ namespace }),
    helm,
    kube: testKube(),
    now: new Date(),
    sources,
  });
}

function asUpgrade(outcome: PlanOutcome): UpgradePlan {
  if (outcome.kind !== "plan" || outcome.operation !== "upgrade")
    throw new Error(`expected an upgrade plan: ${JSON.stringify(outcome)}`);
  return outcome;
}

const release = (name: string): ChartSourceRule["match"] => ({ release: { namespace, name } });

beforeAll(async () => {
  const registry = await testRegistry();
  helmEnv = await isolatedHelmEnv();
  helm = await HelmClient.create({
    bin: env.helm4Bin,
    kubeconfig: env.kubeconfig,
    env: helmEnv,
    timeoutMs: 120_000,
  });
  const charts = await mkdtemp(join(tmpdir(), "wheelhouse-growing-"));
  await cp(chartDir("1.0.0"), join(charts, "webapp-1.0.0"), { recursive: true });
  growing = await startChartRepository(env.helm4Bin, charts);
  secure = await startSecureChartRepository(
    env.helm4Bin,
    [chartDir("1.0.0"), chartDir("1.1.0")],
    registry,
  );
  await helm.repoAdd("fixtures", inject("chartRepoUrl"));
  await helm.repoAdd("mirror", inject("chartRepoUrl"));
  await helm.repoAdd("growing", growing.url);
  await execa(
    env.helm4Bin,
    [
      "repo",
      "add",
      "secure",
      secure.url,
      "--username",
      secure.username,
      "--password-stdin",
      "--ca-file",
      secure.caFile,
    ],
    { env: helmEnv, input: secure.password },
  );
  namespace = await createNamespace("repo-src");
  const install = (name: string, chart: string) =>
    helm.mutate({
      kind: "install",
      release: { name, namespace },
      chart,
      version: "1.0.0",
      wait: true,
      timeoutSeconds: 90,
    });
  await Promise.all([
    install("web", "fixtures/webapp"),
    install("grow", "growing/webapp"),
    install("sec", "secure/webapp"),
  ]);
});

afterAll(async () => {
  await Promise.all([growing?.close(), secure?.close()]);
  if (namespace) await deleteNamespace(namespace);
});

describe("which repository a plan uses, and why", () => {
  it("assumes one when several carry the chart, says so and shows the index age", async () => {
    const up = asUpgrade(await plan("web", "1.1.0", { indexes: indexes(0) }));
    expect(up.upgrade).toMatchObject({ chartRef: "fixtures/webapp", sourceBasis: "search" });
    expect(up.upgrade.repositoryNote).toMatch(
      /fixtures is assumed because .*; growing, mirror, secure also have webapp/,
    );
    expect(up.upgrade.index).toMatchObject({ repository: "fixtures", refreshed: null });
    expect(up.upgrade.index?.ageSeconds).toBeLessThan(600);
    expect(describePlan(up).join("\n")).toMatch(/index of fixtures fetched \d+ (s|min) ago/);
  });

  it("takes the repository the configuration names; a release rule beats a chart rule", async () => {
    const toMirror: ChartSourceRule = {
      match: { chart: "webapp" },
      source: { kind: "repository", name: "mirror" },
    };
    const mirrored = asUpgrade(await plan("web", "1.1.0", { rules: [toMirror] }));
    expect(mirrored.upgrade).toMatchObject({ chartRef: "mirror/webapp", sourceBasis: "config" });
    expect(mirrored.command.argv).toContain("mirror/webapp");
    const pinned = asUpgrade(
      await plan("web", "1.1.0", {
        rules: [
          toMirror,
          { match: release("web"), source: { kind: "repository", name: "fixtures" } },
        ],
      }),
    );
    expect(pinned.upgrade.chartRef).toBe("fixtures/webapp");
    expect(pinned.upgrade.repositoryNote).toMatch(/maps release .*\/web to it/);
  });

  it("refuses a configured repository that lacks the chart, naming the configuration", async () => {
    const outcome = await plan("web", "1.1.0", {
      rules: [{ match: release("web"), source: { kind: "repository", name: "nosuch" } }],
    });
    expect(outcome).toMatchObject({
      kind: "refusal",
      code: "chart_not_in_repository",
      reason: expect.stringMatching(/^Repository nosuch was chosen because the configuration/),
    });
  });
});

describe("index refresh", () => {
  // A function: the namespace exists only once beforeAll ran.
  const toGrowing = (): ChartSourceRule => ({
    match: release("grow"),
    source: { kind: "repository", name: "growing" },
  });

  it("refreshes once when the version asked for is not in the index, then finds it", async () => {
    await execa(env.helm4Bin, ["package", chartDir("1.1.0"), "--destination", growing.dir]);
    await execa(env.helm4Bin, ["repo", "index", growing.dir, "--url", growing.url]);
    const before = updates;
    const up = asUpgrade(
      await plan("grow", "1.1.0", { rules: [toGrowing()], indexes: indexes(0) }),
    );
    expect(up.upgrade).toMatchObject({ chartRef: "growing/webapp", to: { chartVersion: "1.1.0" } });
    expect(up.upgrade.index).toMatchObject({ repository: "growing", refreshed: "not-found" });
    expect(updates - before).toBe(1);
  });

  it("refreshes at most once for a version that does not exist, then refuses", async () => {
    const before = updates;
    const outcome = await plan("grow", "9.9.9", { rules: [toGrowing()], indexes: indexes(0) });
    expect(outcome).toMatchObject({ kind: "refusal", code: "version_not_found" });
    expect(updates - before).toBe(1);
  });

  it("refreshes indexes older than the TTL before planning", async () => {
    const { HELM_REPOSITORY_CACHE: cache } = await helm.env();
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of ["fixtures", "mirror", "growing", "secure"])
      await utimes(join(cache, `${name}-index.yaml`), twoHoursAgo, twoHoursAgo);
    const before = updates;
    const up = asUpgrade(await plan("web", "1.1.0", { indexes: indexes(600) }));
    expect(updates - before).toBe(1);
    expect(up.upgrade.index).toMatchObject({ repository: "fixtures", refreshed: "ttl" });
    expect(up.upgrade.index?.ageSeconds).toBeLessThan(60);
  });
});

describe("a private repository: HTTPS with a private CA and basic auth", () => {
  it("plans from it with the credentials helm keeps, and never shows them", async () => {
    const repositories = await readFile(helmEnv.HELM_REPOSITORY_CONFIG ?? "", "utf8");
    expect(repositories).toContain(secure.password);
    const up = asUpgrade(
      await plan("sec", "1.1.0", {
        rules: [{ match: release("sec"), source: { kind: "repository", name: "secure" } }],
        indexes: indexes(0),
      }),
    );
    expect(up.upgrade).toMatchObject({ chartRef: "secure/webapp", to: { chartVersion: "1.1.0" } });
    expect(up.dryRun.apiServerAccepted).toBeGreaterThan(0);
    expect(JSON.stringify(up)).not.toContain(secure.password);
    expect(describePlan(up).join("\n")).not.toContain(secure.password);
  });
});
