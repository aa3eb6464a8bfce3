// Benchmark inventory_scale: how the cost of `helm list` (as the bot calls it: every namespace,
// every status, parsed) and of intent resolution against that inventory grows from 10 to 100 to
// 500 releases on the test cluster. The releases are real: a one-ConfigMap chart installed by
// helm into namespaces of this run, a few installs at once; the namespaces (and with them helm's
// release Secrets) are deleted at the end.
// Env: BENCH_ROUNDS (helm list timings per size, default 9), BENCH_INSTALLS_AT_ONCE (default 6).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { HelmClient } from "../src/helm/helm-client.ts";
import { analyzeIntent } from "../src/intent/analyze-intent.ts";
import { buildHelmArgv } from "../src/model/build-helm-argv.ts";
import { type Inventory, inventorySchema } from "../src/model/release.ts";
import { filterReadable } from "../src/policy/filter-readable.ts";
import { isolatedHelmEnv } from "../test/support/helm-fixture.ts";
import { OPEN_POLICY } from "../test/support/open-policy.ts";
import { testEnvironment as env } from "../test/support/test-environment.ts";
import { type Figure, ratio, reportFigures } from "./lib/figure.ts";
import { type Stats, summarize, timed } from "./lib/stats.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const AT_ONCE = Number(process.env.BENCH_INSTALLS_AT_ONCE ?? 6);
const SIZES = [10, 100, 500] as const;
const INTENT_REPEATS = 20;
const root = join(import.meta.dirname, "..");

const upOutput = execFileSync(join(root, "scripts", "cluster", "up.sh"), {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const kubeconfig = /KUBECONFIG=(.*)\s*$/.exec(upOutput.trim())?.[1] ?? env.kubeconfig;
const helmEnv = await isolatedHelmEnv();
const processEnv = { ...helmEnv, KUBECONFIG: kubeconfig };
const namespaces = ["a", "b", "c", "d"].map((suffix) => `inv-${process.pid}-${suffix}`);

// Names a platform team would have: team, component, and a number so that 500 stay distinct.
const TEAMS = ["shop", "payments", "search", "auth", "billing", "catalog", "orders", "ledger"];
const PARTS = ["api", "frontend", "worker", "gateway", "cache", "scheduler", "exporter"];
function releaseAt(index: number): { name: string; namespace: string } {
  const team = TEAMS[index % TEAMS.length];
  const part = PARTS[Math.floor(index / TEAMS.length) % PARTS.length];
  const name = `${team}-${part}-${Math.floor(index / (TEAMS.length * PARTS.length))}`;
  return { name, namespace: namespaces[index % namespaces.length] ?? "" };
}

function writeTinyChart(): string {
  const dir = mkdtempSync(join(tmpdir(), "wheelhouse-tiny-chart-"));
  mkdirSync(join(dir, "templates"));
  writeFileSync(
    join(dir, "Chart.yaml"),
    "apiVersion: v2\nname: tiny\nversion: 0.1.0\nappVersion: 1.0.0\n",
  );
  writeFileSync(
    join(dir, "templates", "configmap.yaml"),
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  release: {{ .Release.Name | quote }}\n",
  );
  return dir;
}

async function inParallel<T>(items: readonly T[], atOnce: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
}

function kubectl(args: string[]) {
  return execa(env.kubectlBin, ["--kubeconfig", kubeconfig, ...args], { reject: false });
}

// What people type, naming releases that exist at every size (the first ten).
function utterances(): string[] {
  const [a, b, c, d, e] = [0, 2, 3, 4, 1].map(releaseAt);
  return [
    "what's running?",
    `status of ${a?.name}`,
    `upgrade ${b?.name} in ${b?.namespace} to 1.2.0`,
    `roll back ${c?.name}`,
    `what's wrong with ${d?.name.replace("-", "")}`,
    // A typo: "paymnets" for "payments".
    `show values of ${e?.name.replace("payments", "paymnets")}`,
    `list failed releases in ${a?.namespace}`,
  ];
}

// Per message, as the bot reads one (analyse-request-text.ts): the inventory narrowed to what
// the channel may read, then the rules. "message": any message while the cached inventory
// stands (10 s); "refresh": the first message after the inventory was listed again, which pays
// for the channel filter and the analyser's index over the new inventory.
async function intentMs(inventory: Inventory, path: "message" | "refresh"): Promise<number> {
  const texts = utterances();
  const samples: number[] = [];
  for (let repeat = 0; repeat < INTENT_REPEATS; repeat++) {
    for (const text of texts) {
      const seen = path === "refresh" ? [...inventory] : inventory;
      samples.push(
        await timed(() => analyzeIntent(text, filterReadable(OPEN_POLICY, "C0BENCH", seen))),
      );
    }
  }
  return summarize(samples).p50;
}

// The bot's own share of `helm list`: zod over the JSON helm printed.
function parseMs(stdout: string): number {
  const samples: number[] = [];
  for (let repeat = 0; repeat < INTENT_REPEATS; repeat++) {
    const started = performance.now();
    inventorySchema.parse(JSON.parse(stdout));
    samples.push(performance.now() - started);
  }
  return summarize(samples).p50;
}

interface SizeResult {
  size: number;
  releasesListed: number;
  list: Stats;
  rawList: Stats;
  parse: number;
  intentMessage: number;
  intentRefresh: number;
}

// The analyser's code warmed up first, so the smallest size does not pay for the JIT.
const warmInventory: Inventory = Array.from({ length: 50 }, (_, i) => ({
  ...releaseAt(i),
  revision: 1,
  updated: "2026-12-01 10:00:00.000 +0000 UTC",
  status: "deployed",
  chart: "tiny-0.1.0",
  app_version: "1.0.0",
}));
for (let i = 0; i < 10; i++) {
  await intentMs(warmInventory, "message");
  await intentMs(warmInventory, "refresh");
}

const figures: Figure[] = [];
const chart = writeTinyChart();
const setupSeconds: number[] = [];
try {
  for (const namespace of namespaces) {
    const created = await kubectl(["create", "namespace", namespace]);
    if (created.exitCode !== 0) throw new Error(created.stderr);
  }
  const helm = await HelmClient.create({
    bin: env.helm4Bin,
    kubeconfig,
    env: helmEnv,
    timeoutMs: 120_000,
  });
  const listArgv = buildHelmArgv({ kind: "list" }, { helmMajor: helm.major });
  const results: SizeResult[] = [];
  let installed = 0;
  for (const size of SIZES) {
    const started = performance.now();
    const wanted = Array.from({ length: size - installed }, (_, i) => releaseAt(installed + i));
    await inParallel(wanted, AT_ONCE, async (release) => {
      const run = await execa(
        env.helm4Bin,
        ["install", release.name, chart, "--namespace", release.namespace],
        { env: processEnv, reject: false },
      );
      if (run.exitCode !== 0) throw new Error(`helm install ${release.name}: ${run.stderr}`);
    });
    installed = size;
    setupSeconds.push(Math.round((performance.now() - started) / 100) / 10);

    const list: number[] = [];
    const rawList: number[] = [];
    let inventory: Inventory = [];
    let printed = "";
    for (let round = 0; round < ROUNDS + 1; round++) {
      // Interleaved: the bot's list (helm + zod parsing) beside the bare helm process.
      const bot = await timed(async () => {
        inventory = await helm.list();
      });
      const raw = await timed(async () => {
        printed = (await execa(env.helm4Bin, listArgv, { env: processEnv })).stdout;
      });
      if (round === 0) continue; // warm-up
      list.push(bot);
      rawList.push(raw);
    }
    const ours = inventory.filter((r) => namespaces.includes(r.namespace)).length;
    if (ours !== size) throw new Error(`helm list shows ${ours} of our ${size} releases`);
    results.push({
      size,
      releasesListed: inventory.length,
      list: summarize(list),
      rawList: summarize(rawList),
      parse: parseMs(printed),
      intentMessage: await intentMs(inventory, "message"),
      intentRefresh: await intentMs(inventory, "refresh"),
    });
    console.error(
      `${size} releases (${inventory.length} listed, installed in ${setupSeconds.at(-1)}s): helm list p50 ${summarize(list).p50.toFixed(0)} ms, intent ${results.at(-1)?.intentMessage.toFixed(3)} ms per message`,
    );
  }

  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  for (const r of results) {
    const note = `${r.releasesListed} releases listed cluster-wide (${r.size} of this run); load ${load}`;
    figures.push({
      key: "inventory_scale",
      case: `helm_list_${r.size}`,
      value: Math.round(r.list.p50),
      unit: "ms",
      measured: { label: "helm.list() -A, parsed", stats: r.list },
      baseline: { label: `bare ${listArgv.slice(0, 2).join(" ")} …`, stats: r.rawList },
      note: `${note}; parsing the list: ${r.parse.toFixed(2)} ms`,
    });
    figures.push({
      key: "inventory_scale",
      case: `intent_${r.size}`,
      value: Math.round(r.intentMessage * 1000) / 1000,
      unit: "ms",
      note: `per message: channel filter + rules, p50; ${r.intentRefresh.toFixed(3)} ms for the first message after an inventory refresh; ${note}`,
    });
  }
  const first = results[0];
  for (const r of results.slice(1)) {
    if (!first) break;
    figures.push({
      key: "inventory_scale",
      case: `helm_list_${r.size}_vs_${first.size}`,
      value: ratio(r.list.p50, first.list.p50),
      unit: "ratio",
      // No worse than linear in the number of releases.
      target: { max: r.size / first.size },
      measured: { label: `helm.list() at ${r.size}`, stats: r.list },
      baseline: { label: `helm.list() at ${first.size}`, stats: first.list },
    });
    figures.push({
      key: "inventory_scale",
      case: `intent_${r.size}_vs_${first.size}`,
      value: ratio(r.intentMessage, first.intentMessage),
      unit: "ratio",
      target: { max: r.size / first.size },
      note: `${r.intentMessage.toFixed(3)} ms vs ${first.intentMessage.toFixed(3)} ms per message`,
    });
    figures.push({
      key: "inventory_scale",
      case: `intent_refresh_${r.size}_vs_${first.size}`,
      value: ratio(r.intentRefresh, first.intentRefresh),
      unit: "ratio",
      target: { max: r.size / first.size },
      note: `first message after a refresh: ${r.intentRefresh.toFixed(3)} ms vs ${first.intentRefresh.toFixed(3)} ms`,
    });
  }
  console.error(`setup: installs took ${setupSeconds.join(" s, ")} s at ${AT_ONCE} at once`);
} finally {
  // Helm keeps each release in a Secret of its namespace: deleting the namespace deletes them.
  for (const namespace of namespaces) {
    await kubectl(["delete", "namespace", namespace, "--wait=false", "--ignore-not-found"]);
  }
  rmSync(chart, { recursive: true, force: true });
}

reportFigures(figures);
