// Every broken state the diagnosis must recognise, made by helm itself on the real cluster with
// the diag chart (test/fixtures/diagnose/charts/diag): a helm process killed mid-operation, an
// upgrade whose rollout fails, a pre-upgrade hook that fails and is deleted by its policy, and
// upgrades to images the kubelet stand-in crashes, cannot pull or OOM-kills, or pods no node fits.
import { join } from "node:path";
import { execa } from "execa";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import type { SetValue } from "../../../src/model/helm-operation.ts";
import type { ReleaseRef } from "../../../src/model/release.ts";
import { kubectl } from "../../support/cluster.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";

export const DIAG_CHART = join(
  import.meta.dirname,
  "..",
  "..",
  "fixtures",
  "diagnose",
  "charts",
  "diag",
);

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function install(
  helm: HelmClient,
  release: ReleaseRef,
  set: Record<string, SetValue> = {},
) {
  await helm.mutate({
    kind: "install",
    release,
    chart: DIAG_CHART,
    set,
    wait: true,
    timeoutSeconds: 60,
  });
}

export function upgrade(
  helm: HelmClient,
  release: ReleaseRef,
  set: Record<string, SetValue>,
  wait = false,
) {
  return helm.mutate({
    kind: "upgrade",
    release,
    chart: DIAG_CHART,
    valuesStrategy: "reuse",
    set,
    ...(wait ? { wait: true, timeoutSeconds: 8 } : { timeoutSeconds: 60 }),
  });
}

// The pods of the release whose containers report `reason` (waiting, or last terminated).
async function podsIn(release: ReleaseRef, reason: string): Promise<boolean> {
  const { stdout } = await kubectl([
    "get",
    "pods",
    "-n",
    release.namespace,
    "-l",
    `app.kubernetes.io/instance=${release.name}`,
    "-o",
    "json",
  ]);
  return stdout.includes(`"reason": "${reason}"`) || stdout.includes(`"reason":"${reason}"`);
}

// helm writes the pending revision, then waits for a rollout that never finishes (a crashing
// image); SIGKILL leaves the pending status for good.
async function killMidOperation(
  helm: HelmClient,
  bin: string,
  release: ReleaseRef,
  args: string[],
  pending: "pending-install" | "pending-upgrade",
) {
  const run = execa(bin, [...args, "--wait", "--timeout", "5m"], {
    env: { KUBECONFIG: env.kubeconfig },
    reject: false,
  });
  await waitFor(`${release.name} to be ${pending}`, async () => {
    const status = await helm.status(release).catch(() => null);
    return status?.info.status === pending;
  });
  run.kill("SIGKILL");
  await run;
}

const crashTag = { "image.tag": "1.5.0-crash" };

export const BROKEN_STATES = {
  healthy: async (helm: HelmClient, _bin: string, release: ReleaseRef) => {
    await install(helm, release);
    await upgrade(helm, release, { "image.tag": "1.4.3" }, true);
  },
  "stuck pending-upgrade": async (helm: HelmClient, bin: string, release: ReleaseRef) => {
    await install(helm, release);
    const args = ["upgrade", release.name, DIAG_CHART, "-n", release.namespace, "--reuse-values"];
    await killMidOperation(
      helm,
      bin,
      release,
      [...args, "--set-string", "image.tag=1.5.0-crash"],
      "pending-upgrade",
    );
  },
  "stuck pending-install": async (helm: HelmClient, bin: string, release: ReleaseRef) => {
    const args = ["install", release.name, DIAG_CHART, "-n", release.namespace];
    await killMidOperation(
      helm,
      bin,
      release,
      [...args, "--set-string", "image.tag=1.5.0-crash"],
      "pending-install",
    );
  },
  "failed upgrade": async (helm: HelmClient, _bin: string, release: ReleaseRef) => {
    await install(helm, release);
    await upgrade(helm, release, crashTag, true).then(
      () => Promise.reject(new Error("the crashing upgrade unexpectedly succeeded")),
      () => undefined,
    );
  },
  "failed pre-upgrade hook deleted by its policy": async (
    helm: HelmClient,
    _bin: string,
    release: ReleaseRef,
  ) => {
    await install(helm, release);
    await upgrade(helm, release, {
      "hook.enabled": true,
      "hook.behavior": "fail",
      "image.tag": "1.5.0",
    }).then(
      () => Promise.reject(new Error("the upgrade with a failing hook unexpectedly succeeded")),
      () => undefined,
    );
  },
  "crash-loop after upgrade": async (helm: HelmClient, _bin: string, release: ReleaseRef) => {
    await install(helm, release);
    await upgrade(helm, release, crashTag);
    await waitFor("CrashLoopBackOff", () => podsIn(release, "CrashLoopBackOff"));
  },
  "image pull error after upgrade": async (helm: HelmClient, _bin: string, release: ReleaseRef) => {
    await install(helm, release);
    await upgrade(helm, release, { "image.tag": "1.5.0-badimage" });
    await waitFor("ImagePullBackOff", () => podsIn(release, "ImagePullBackOff"));
  },
  "OOMKilled after upgrade": async (helm: HelmClient, _bin: string, release: ReleaseRef) => {
    await install(helm, release);
    await upgrade(helm, release, {
      "image.tag": "1.5.0-oomkill",
      "resources.limits.memory": "64Mi",
    });
    await waitFor("OOMKilled", () => podsIn(release, "OOMKilled"));
  },
  "unschedulable after upgrade": async (helm: HelmClient, _bin: string, release: ReleaseRef) => {
    await install(helm, release);
    await upgrade(helm, release, { "nodeSelector.disktype": "nvme-nowhere" });
    await waitFor("Unschedulable", () => podsIn(release, "Unschedulable"));
  },
} as const;

export type BrokenState = keyof typeof BROKEN_STATES;
