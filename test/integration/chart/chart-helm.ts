// Runs a real helm binary on the wheelhouse chart, with a helm configuration of its own and the
// test cluster's kubeconfig; and the golden files its renders are compared to.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { isolatedHelmEnv } from "../../support/helm-fixture.ts";
import { testEnvironment } from "../../support/test-environment.ts";

const root = join(import.meta.dirname, "..", "..", "..");
export const chart = join(root, "helm", "wheelhouse");
const goldenDir = join(root, "test", "fixtures", "chart-golden");

export const GOLDEN_SETS = ["minimal", "production", "inline-secrets"] as const;
export const SERVICE_MONITOR_API = "monitoring.coreos.com/v1/ServiceMonitor";

export function valuesFile(set: string): string {
  return join(goldenDir, `${set}.values.yaml`);
}

export async function runChartHelm(
  bin: string,
  args: string[],
  options: { reject?: boolean } = {},
) {
  return execa(bin, [...args, "--kubeconfig", testEnvironment.kubeconfig], {
    env: await isolatedHelmEnv(),
    reject: options.reject ?? true,
    timeout: 120_000,
  });
}

// WHEELHOUSE_UPDATE_GOLDEN=1 rewrites the golden file from what helm renders, instead of comparing.
export async function goldenRender(set: string, rendered: string): Promise<string> {
  const file = join(goldenDir, `${set}.yaml`);
  if (process.env.WHEELHOUSE_UPDATE_GOLDEN === "1") await writeFile(file, rendered);
  return readFile(file, "utf8");
}
