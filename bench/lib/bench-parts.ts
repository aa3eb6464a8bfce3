// The real parts a Slack or queue benchmark runs on: the test cluster (scripts/cluster/up.sh,
// idempotent), Redis, the fixture chart repository, a helm of its own with it added, a
// namespace of the benchmark's own with a few webapp releases, the fake Slack Web API in a
// process of its own, and the environment Wheelhouse's processes get. cleanup() removes what it
// made: the namespace, the Redis keys of the benchmark's cluster, the processes.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { Redis } from "ioredis";
import { HelmClient } from "../../src/helm/helm-client.ts";
import { clusterKeyPrefix } from "../../src/model/cluster-name.ts";
import type { ReleaseRef } from "../../src/model/release.ts";
import { startChartRepository } from "../../test/support/chart-repository.ts";
import { isolatedHelmEnv } from "../../test/support/helm-fixture.ts";
import { testEnvironment as env } from "../../test/support/test-environment.ts";
import { type BenchServer, startServer } from "./bench-servers.ts";

export interface BenchParts {
  kubeconfig: string;
  namespace: string;
  // Every Redis key of the benchmark's Wheelhouse starts with it (its cluster's prefix).
  prefix: string;
  redis: Redis;
  helm: HelmClient;
  slack: BenchServer;
  // What Wheelhouse's app and worker processes (and the baselines) are started with.
  serverEnv: Record<string, string>;
  signingSecret: string;
  alertToken: string;
  installReleases(names: string[]): Promise<ReleaseRef[]>;
  cleanup(): Promise<void>;
}

const root = join(import.meta.dirname, "..", "..");

export function describeLoad(): string {
  return `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} on ${availableParallelism()} cores`;
}

export async function startBenchParts(label: string): Promise<BenchParts> {
  const upOutput = execFileSync(join(root, "scripts", "cluster", "up.sh"), {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const kubeconfig = /KUBECONFIG=(.*)\s*$/.exec(upOutput.trim())?.[1] ?? env.kubeconfig;
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    await redis.ping();
  } catch (cause) {
    throw new Error(`Redis does not answer at ${env.redisUrl}: run scripts/redis-up.sh`, { cause });
  }
  const id = randomBytes(3).toString("hex");
  const cluster = `bench-${label}-${id}`;
  const namespace = cluster;
  const repository = await startChartRepository(env.helm4Bin, env.chartsDir);
  const helmEnv = await isolatedHelmEnv();
  const helm = await HelmClient.create({
    bin: env.helm4Bin,
    kubeconfig,
    env: helmEnv,
    timeoutMs: 120_000,
  });
  await helm.repoAdd("fixtures", repository.url);
  const kubectl = (...args: string[]) =>
    execa(env.kubectlBin, ["--kubeconfig", kubeconfig, ...args]);
  await kubectl("create", "namespace", namespace);
  const secrets = {
    BENCH_TOKEN: "xoxb-bench-token",
    BENCH_SECRET: randomBytes(16).toString("hex"),
    BENCH_ALERT_TOKEN: randomBytes(16).toString("hex"),
  };
  const slack = await startServer("slack", secrets);
  const serverEnv = {
    ...secrets,
    BENCH_API_URL: slack.apiUrl,
    BENCH_CLUSTER: cluster,
    BENCH_HELM_ENV: JSON.stringify(helmEnv),
    REDIS_URL: env.redisUrl,
    KUBECONFIG: kubeconfig,
    HELM_BIN: env.helm4Bin,
    KUBECTL_BIN: env.kubectlBin,
  };
  const prefix = clusterKeyPrefix(cluster);
  return {
    kubeconfig,
    namespace,
    prefix,
    redis,
    helm,
    slack,
    serverEnv,
    signingSecret: secrets.BENCH_SECRET,
    alertToken: secrets.BENCH_ALERT_TOKEN,
    async installReleases(names) {
      const releases = names.map((name) => ({ name, namespace }));
      // Two at a time: the machine is small and shared.
      for (let i = 0; i < releases.length; i += 2) {
        await Promise.all(
          releases.slice(i, i + 2).map((release) =>
            helm.mutate({
              kind: "install",
              release,
              chart: "fixtures/webapp",
              version: "1.0.0",
              set: { replicaCount: 1 },
            }),
          ),
        );
      }
      return releases;
    },
    async cleanup() {
      await slack.stop();
      await kubectl("delete", "namespace", namespace, "--wait=false", "--ignore-not-found").catch(
        (error: unknown) => console.error(`namespace ${namespace} not deleted: ${String(error)}`),
      );
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      await redis.quit();
      await repository.close();
    },
  };
}
