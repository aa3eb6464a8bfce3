// Vitest global setup for tests on real parts: helm, the test cluster and Redis must be there.
// Nothing is skipped: a missing part fails the run with the command that provides it.
import { access, constants, readFile } from "node:fs/promises";
import https from "node:https";
import { execa } from "execa";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { startChartRepository } from "./chart-repository.ts";
import { REGISTRY_HINT, testRegistry } from "./oci-registry.ts";
import { testEnvironment as env } from "./test-environment.ts";

declare module "vitest" {
  export interface ProvidedContext {
    chartRepoUrl: string;
  }
}

async function requireExecutable(path: string, hint: string): Promise<void> {
  try {
    await access(path, constants.X_OK);
  } catch (cause) {
    throw new Error(`${path} is missing or not executable: ${hint}`, { cause });
  }
}

async function requireCluster(): Promise<void> {
  const result = await execa(
    env.kubectlBin,
    ["--kubeconfig", env.kubeconfig, "get", "--raw", "/readyz"],
    {
      reject: false,
      timeout: 15_000,
    },
  );
  if (result.exitCode !== 0) {
    throw new Error(
      `The test cluster does not answer (kubeconfig ${env.kubeconfig}): run 'npm run cluster:up'.\n${result.stderr}`,
    );
  }
}

async function requireRedis(): Promise<void> {
  const redis = new Redis(env.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 3000,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (cause) {
    throw new Error(`Redis does not answer at ${env.redisUrl}: run 'scripts/redis-up.sh'.`, {
      cause,
    });
  } finally {
    redis.disconnect();
  }
}

// Both test registries answer over TLS with their CA and ask for credentials.
async function requireRegistry(): Promise<void> {
  const registry = await testRegistry();
  const ca = await readFile(registry.caFile, "utf8");
  for (const host of [registry.basic, registry.token]) {
    const status = await new Promise<number | string>((resolve) => {
      const req = https.get(`https://${host}/v2/`, { ca, timeout: 5000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", (error) => resolve(error.message));
      req.on("timeout", () => req.destroy(new Error("no answer within 5 s")));
    });
    if (status !== 401)
      throw new Error(
        `The test OCI registry at ${host} does not answer (${status}): ${REGISTRY_HINT}.`,
      );
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await requireExecutable(env.helm4Bin, "run 'npm run tools'");
  await requireExecutable(env.helm3Bin, "run 'npm run tools'");
  await requireExecutable(env.kubectlBin, "run 'npm run tools'");
  await Promise.all([requireCluster(), requireRedis(), requireRegistry()]);
  const repository = await startChartRepository(env.helm4Bin, env.chartsDir);
  project.provide("chartRepoUrl", repository.url);
  return () => repository.close();
}
