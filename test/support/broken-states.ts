// Broken releases on demand, made the way they happen in real life: a helm process killed
// mid-upgrade, an upgrade to an image that crashes, a pre-upgrade hook that fails.
import { execa } from "execa";
import type { HelmClient } from "../../src/helm/helm-client.ts";
import type { ReleaseRef } from "../../src/model/release.ts";
import { isolatedHelmEnv } from "./helm-fixture.ts";
import { testEnvironment as env } from "./test-environment.ts";

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function installWebapp(helm: HelmClient, release: ReleaseRef): Promise<void> {
  await helm.mutate({
    kind: "install",
    release,
    chart: "fixtures/webapp",
    version: "1.0.0",
    set: { replicaCount: 1 },
    wait: true,
    timeoutSeconds: 60,
  });
}

// helm writes the pending-upgrade revision first, then waits; SIGKILL leaves it there for good.
// The crashing image makes --wait really wait, so the kill lands mid-upgrade.
export async function interruptUpgrade(
  helm: HelmClient,
  bin: string,
  release: ReleaseRef,
  repoUrl: string,
): Promise<void> {
  const helmEnv = await isolatedHelmEnv();
  const options = { env: { ...helmEnv, KUBECONFIG: env.kubeconfig }, reject: false } as const;
  await execa(bin, ["repo", "add", "fixtures", repoUrl], options);
  const upgrade = execa(
    bin,
    [
      "upgrade",
      release.name,
      "fixtures/webapp",
      "--version",
      "1.2.0",
      "--namespace",
      release.namespace,
      "--reset-then-reuse-values",
      "--wait",
      "--timeout",
      "5m",
    ],
    options,
  );
  await waitFor(
    "the release to be pending-upgrade",
    async () => (await helm.status(release)).info.status === "pending-upgrade",
  );
  upgrade.kill("SIGKILL");
  await upgrade;
}

export async function makeStuckPendingUpgrade(
  helm: HelmClient,
  bin: string,
  release: ReleaseRef,
  repoUrl: string,
): Promise<void> {
  await installWebapp(helm, release);
  await interruptUpgrade(helm, bin, release, repoUrl);
}

export async function makeFailedUpgrade(helm: HelmClient, release: ReleaseRef): Promise<void> {
  await installWebapp(helm, release);
  await helm
    .mutate({
      kind: "upgrade",
      release,
      chart: "fixtures/webapp",
      version: "1.2.0",
      valuesStrategy: "reset-then-reuse",
      wait: true,
      timeoutSeconds: 10,
    })
    .then(
      () => {
        throw new Error("the crashing upgrade unexpectedly succeeded");
      },
      () => undefined,
    );
}

export async function makeFailedHook(helm: HelmClient, release: ReleaseRef): Promise<void> {
  await helm.mutate({
    kind: "install",
    release,
    chart: "fixtures/hooked",
    version: "1.0.0",
    wait: true,
    timeoutSeconds: 60,
  });
  await helm
    .mutate({
      kind: "upgrade",
      release,
      chart: "fixtures/hooked",
      version: "1.1.0",
      valuesStrategy: "reuse",
      timeoutSeconds: 30,
    })
    .then(
      () => {
        throw new Error("the upgrade with a failing hook unexpectedly succeeded");
      },
      () => undefined,
    );
}
