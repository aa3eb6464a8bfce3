// The seed journeys' releases, broken the way they break in real life: small stand-ins for the
// Argo CD and cert-manager charts (test/fixtures/journeys/charts), an upgrade to an image that
// crash-loops, and a helm process killed mid-upgrade (a stuck pending-upgrade).
import { join } from "node:path";
import { execa } from "execa";
import type { HelmClient } from "../../src/helm/helm-client.ts";
import { KubectlClient } from "../../src/kube/kubectl-client.ts";
import type { SetValue } from "../../src/model/helm-operation.ts";
import type { ReleaseRef } from "../../src/model/release.ts";
import { isolatedHelmEnv } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";

const CHARTS = join(import.meta.dirname, "..", "fixtures", "journeys", "charts");
export const ARGO_CD_CHART = join(CHARTS, "argo-cd");
export const CERT_MANAGER_CHART = join(CHARTS, "cert-manager");

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function installChart(
  helm: HelmClient,
  release: ReleaseRef,
  chart: string,
  set: Record<string, SetValue> = {},
): Promise<void> {
  await helm.mutate({ kind: "install", release, chart, set, wait: true, timeoutSeconds: 90 });
}

// The first pod of the release whose container waits in CrashLoopBackOff.
export async function crashingPod(release: ReleaseRef): Promise<string> {
  const kube = new KubectlClient({ bin: env.kubectlBin, kubeconfig: env.kubeconfig });
  const selector = `app.kubernetes.io/instance=${release.name}`;
  let name = "";
  await waitUntil(`a crash-looping pod of ${release.name}`, async () => {
    const pods = await kube.get({ resource: "pods", namespace: release.namespace, selector });
    name = pods.find((p) => JSON.stringify(p).includes("CrashLoopBackOff"))?.metadata.name ?? "";
    return name !== "";
  });
  return name;
}

// "Upgraded Argo CD and it broke": the new image crash-loops beside the old, ready pods.
export async function upgradeToCrash(
  helm: HelmClient,
  release: ReleaseRef,
  chart: string,
  set: Record<string, SetValue>,
): Promise<void> {
  await helm.mutate({ kind: "upgrade", release, chart, valuesStrategy: "reuse", set });
}

// helm writes the pending-upgrade revision, then waits for a rollout that never finishes;
// SIGKILL leaves the release pending-upgrade for good, as a CI job cancelled mid-deploy does.
export async function interruptUpgradeOf(
  helm: HelmClient,
  release: ReleaseRef,
  chart: string,
  set: string,
): Promise<void> {
  const args = ["upgrade", release.name, chart, "-n", release.namespace, "--reuse-values"];
  const run = execa(env.helm4Bin, [...args, "--set-string", set, "--wait", "--timeout", "5m"], {
    env: { ...(await isolatedHelmEnv()), KUBECONFIG: env.kubeconfig },
    reject: false,
  });
  await waitUntil(`${release.name} to be pending-upgrade`, async () => {
    const status = await helm.status(release).catch(() => null);
    return status?.info.status === "pending-upgrade";
  });
  run.kill("SIGKILL");
  await run;
}
