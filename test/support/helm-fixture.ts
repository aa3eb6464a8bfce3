// A HelmClient on the real cluster with its own repository config, the fixture repository
// added as "fixtures", for helm 4 or helm 3.
import { type HelmCall, HelmClient } from "../../src/helm/helm-client.ts";
import { isolatedHelmEnv } from "../../src/playground/isolated-helm-env.ts";
import { testEnvironment as env } from "./test-environment.ts";

export const HELM_BINARIES = [
  { label: "helm 4", bin: env.helm4Bin, major: 4 },
  { label: "helm 3", bin: env.helm3Bin, major: 3 },
] as const;

export { isolatedHelmEnv };

export async function createTestHelm(
  bin: string,
  chartRepoUrl: string,
  // onCall: told of every helm process the client runs (tests count them).
  options: { timeoutMs?: number; kubeconfig?: string; onCall?: (call: HelmCall) => void } = {},
): Promise<HelmClient> {
  const helm = await HelmClient.create({
    bin,
    kubeconfig: options.kubeconfig ?? env.kubeconfig,
    env: await isolatedHelmEnv(),
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.onCall ? { onCall: options.onCall } : {}),
  });
  await helm.repoAdd("fixtures", chartRepoUrl);
  return helm;
}
