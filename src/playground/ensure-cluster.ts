// The Kubernetes cluster for the playground: the one a --kubeconfig names, else the local test
// cluster of scripts/cluster (started when it is not running, and then stopped again at the end).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { type PlaygroundPart, PlaygroundStartError } from "./ensure-redis.ts";

async function answers(kubectl: string, kubeconfig: string): Promise<boolean> {
  if (!existsSync(kubeconfig)) return false;
  const args = ["--kubeconfig", kubeconfig, "--request-timeout=5s", "get", "--raw", "/readyz"];
  const result = await execa(kubectl, args, { reject: false, timeout: 15_000 });
  return result.exitCode === 0;
}

export async function ensureCluster(options: {
  kubectl: string;
  // Given: used as it is, never started or stopped.
  kubeconfig?: string;
  repoRoot: string;
  stateDir: string;
  progress: (line: string) => void;
}): Promise<PlaygroundPart & { kubeconfig: string }> {
  if (options.kubeconfig) {
    if (!(await answers(options.kubectl, options.kubeconfig)))
      throw new PlaygroundStartError(`the cluster of ${options.kubeconfig} does not answer`);
    const what = `the cluster of ${options.kubeconfig}`;
    return { kubeconfig: options.kubeconfig, what, started: false, stop: async () => {} };
  }
  const kubeconfig = join(options.stateDir, "cluster", "kubeconfig");
  const up = join(options.repoRoot, "scripts", "cluster", "up.sh");
  const down = join(options.repoRoot, "scripts", "cluster", "down.sh");
  if (await answers(options.kubectl, kubeconfig))
    return { kubeconfig, what: "the local cluster", started: false, stop: async () => {} };
  if (!existsSync(up))
    throw new PlaygroundStartError(
      `no cluster answers and ${up} is missing: pass --kubeconfig FILE`,
    );
  options.progress("starting the local cluster (scripts/cluster/up.sh)…");
  const env = { ...process.env, WHEELHOUSE_STATE: options.stateDir };
  const result = await execa(up, [], { env, stderr: "inherit", reject: false });
  if (result.exitCode !== 0)
    throw new PlaygroundStartError(`scripts/cluster/up.sh failed (exit ${result.exitCode})`);
  return {
    kubeconfig,
    what: "the local cluster",
    started: true,
    stop: async () => {
      await execa(down, [], { env, stderr: "inherit", reject: false });
    },
  };
}
