// The helm adapter as configured by the environment: HELM_BIN, else the unpacked helm 4.
import { homedir } from "node:os";
import { join } from "node:path";
import type { Config } from "../config/config.ts";
import { type HelmCall, HelmClient } from "../helm/helm-client.ts";

export function defaultBinary(name: "helm" | "kubectl"): string {
  const cache = process.env.WHEELHOUSE_CACHE ?? join(homedir(), ".cache", "wheelhouse");
  return join(cache, "bin", name);
}

export function createHelmFromConfig(
  config: Config,
  onCall?: (call: HelmCall) => void,
): Promise<HelmClient> {
  return HelmClient.create({
    bin: config.HELM_BIN ?? defaultBinary("helm"),
    ...(config.KUBECONFIG ? { kubeconfig: config.KUBECONFIG } : {}),
    timeoutMs: config.HELM_TIMEOUT_MS,
    ...(onCall ? { onCall } : {}),
  });
}
