// The real parts the helm benchmarks (plan, read) stand on: the test cluster (scripts/cluster/up.sh,
// idempotent), Redis (scripts/redis-up.sh), the fixture chart repository on loopback, a helm of
// their own (isolated repositories and cache) and a namespace of their own, deleted at the end.
import { execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { type HelmCall, HelmClient } from "../../src/helm/helm-client.ts";
import { createKubeClient } from "../../src/kube/create-kube-client.ts";
import type { KubectlClient } from "../../src/kube/kubectl-client.ts";
import type { ReleaseRef } from "../../src/model/release.ts";
import { type ChartRepository, startChartRepository } from "../../test/support/chart-repository.ts";
import { isolatedHelmEnv } from "../../test/support/helm-fixture.ts";
import { testEnvironment as env } from "../../test/support/test-environment.ts";

const root = join(import.meta.dirname, "..", "..");

export interface HelmBenchParts {
  kubeconfig: string;
  // The environment helm runs in (isolated repositories and cache, KUBECONFIG): the baseline's.
  processEnv: Record<string, string>;
  helm: HelmClient;
  kube: KubectlClient;
  namespace: string;
  repository: ChartRepository;
  install(release: ReleaseRef, chart: string, version: string): Promise<void>;
  // Runs the helm binary directly with argv, as a person would: the baselines.
  helmDirect(argv: string[]): Promise<void>;
  close(): Promise<void>;
}

function script(...path: string[]): string {
  return execFileSync(join(root, "scripts", ...path), {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

export function loadNote(): string {
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
  return `load average ${load} on ${availableParallelism()} cores`;
}

export async function startHelmBenchParts(
  label: string,
  // Told of every helm process the product runs (a trace of where a request's time goes).
  onCall?: (call: HelmCall) => void,
): Promise<HelmBenchParts> {
  const upOutput = script("cluster", "up.sh");
  const kubeconfig = /KUBECONFIG=(.*)\s*$/.exec(upOutput.trim())?.[1] ?? env.kubeconfig;
  script("redis-up.sh");
  const repository = await startChartRepository(env.helm4Bin, env.chartsDir);
  const helmEnv = await isolatedHelmEnv();
  const processEnv = { ...helmEnv, KUBECONFIG: kubeconfig, NO_COLOR: "1" };
  const namespace = `bench-${label}-${process.pid}`;
  const kubectl = (args: string[]) =>
    execa(env.kubectlBin, ["--kubeconfig", kubeconfig, ...args], { reject: false });
  const helm = await HelmClient.create({
    bin: env.helm4Bin,
    kubeconfig,
    env: helmEnv,
    timeoutMs: 120_000,
    ...(onCall ? { onCall } : {}),
  });
  await helm.repoAdd("fixtures", repository.url);
  await kubectl(["create", "namespace", namespace]);
  return {
    kubeconfig,
    processEnv,
    helm,
    kube: createKubeClient({ bin: env.kubectlBin, kubeconfig }),
    namespace,
    repository,
    async install(release, chart, version) {
      await helm.mutate({
        kind: "install",
        release,
        chart,
        version,
        set: { replicaCount: 1 },
        timeoutSeconds: 120,
      });
    },
    async helmDirect(argv) {
      await execa(env.helm4Bin, argv, { env: processEnv, stdin: "ignore" });
    },
    async close() {
      await kubectl(["delete", "namespace", namespace, "--wait=false", "--ignore-not-found"]);
      await repository.close();
      const home = helmEnv.HELM_CONFIG_HOME ? join(helmEnv.HELM_CONFIG_HOME, "..") : null;
      if (home) await rm(home, { recursive: true, force: true });
    },
  };
}
