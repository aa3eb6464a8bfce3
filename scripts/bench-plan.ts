// Benchmark: time-to-plan for an upgrade against the floor, the helm commands a plan cannot avoid
// (`helm status` then `helm upgrade --dry-run=server`) run directly and in sequence. Starts what
// it needs (the test cluster, the fixture chart repository, a release) and prints as its last line
//   plan-vs-floor median ratio: <x>
// Target: at most 1.3. Run with `npm run bench:plan`; ROUNDS=<n> changes the sample size.
import { execFileSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { makePlan } from "../src/gather/make-plan.ts";
import { HelmClient } from "../src/helm/helm-client.ts";
import { KubectlClient } from "../src/kube/kubectl-client.ts";
import { buildHelmArgv } from "../src/model/build-helm-argv.ts";
import { emptyIntent } from "../src/model/intent.ts";
import { startChartRepository } from "../test/support/chart-repository.ts";
import { isolatedHelmEnv } from "../test/support/helm-fixture.ts";
import { testEnvironment as env } from "../test/support/test-environment.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const WARMUP = 2;
const root = join(import.meta.dirname, "..");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

// The cluster script is idempotent: it only prints the kubeconfig when the cluster already runs.
const upOutput = execFileSync(join(root, "scripts", "cluster", "up.sh"), {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const kubeconfig = /KUBECONFIG=(.*)\s*$/.exec(upOutput.trim())?.[1] ?? env.kubeconfig;
const repository = await startChartRepository(env.helm4Bin, env.chartsDir);
const helmEnv = await isolatedHelmEnv();
const processEnv = { ...helmEnv, KUBECONFIG: kubeconfig };
const namespace = `bench-${process.pid}`;
const release = { name: "bench", namespace };

try {
  const helm = await HelmClient.create({
    bin: env.helm4Bin,
    kubeconfig,
    env: helmEnv,
    timeoutMs: 120_000,
  });
  await helm.repoAdd("fixtures", repository.url);
  await execa(env.kubectlBin, ["--kubeconfig", kubeconfig, "create", "namespace", namespace]);
  await helm.mutate({
    kind: "install",
    release,
    chart: "fixtures/webapp",
    version: "1.0.0",
    set: { replicaCount: 1 },
  });
  const kube = new KubectlClient({ bin: env.kubectlBin, kubeconfig });
  // Listed once, as the bot lists it for intent resolution before planning.
  const inventory = await helm.list({ namespace });
  const intent = { ...emptyIntent("upgrade"), release, targetVersion: "1.1.0" };
  const plan = () => makePlan({ intent, inventory, helm, kube, now: new Date() });

  const first = await plan();
  if (first.kind !== "plan")
    throw new Error(`the benchmark release could not be planned: ${first.reason}`);
  const statusArgv = buildHelmArgv({ kind: "status", release }, { helmMajor: helm.major });
  const dryRunArgv = buildHelmArgv(
    { ...first.command.operation, dryRun: true },
    { helmMajor: helm.major },
  );
  const floor = async () => {
    await execa(env.helm4Bin, statusArgv, { env: processEnv });
    await execa(env.helm4Bin, dryRunArgv, { env: processEnv });
  };

  const planTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    // Interleaving keeps slow drift of the machine's load out of the comparison.
    const p = await timed(plan);
    const f = await timed(floor);
    if (round >= WARMUP) {
      planTimes.push(p);
      floorTimes.push(f);
    }
  }
  const planMedian = median(planTimes);
  const floorMedian = median(floorTimes);
  console.log(`helm ${helm.version}, ${ROUNDS} rounds after ${WARMUP} warm-up rounds`);
  console.log(`floor: ${statusArgv.join(" ")} ; ${dryRunArgv.join(" ")}`);
  console.log(
    `plan median: ${planMedian.toFixed(0)} ms (min ${Math.min(...planTimes).toFixed(0)}, max ${Math.max(...planTimes).toFixed(0)})`,
  );
  console.log(
    `floor median: ${floorMedian.toFixed(0)} ms (min ${Math.min(...floorTimes).toFixed(0)}, max ${Math.max(...floorTimes).toFixed(0)})`,
  );
  console.log(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} on ${availableParallelism()} cores`,
  );
  console.log(`plan-vs-floor median ratio: ${(planMedian / floorMedian).toFixed(2)}`);
} finally {
  await execa(
    env.kubectlBin,
    [
      "--kubeconfig",
      kubeconfig,
      "delete",
      "namespace",
      namespace,
      "--wait=false",
      "--ignore-not-found",
    ],
    { reject: false },
  );
  await repository.close();
}
