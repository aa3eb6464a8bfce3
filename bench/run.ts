// `npm run bench [-- name…]`: runs every bench/*.bench.ts one after the other, each in a process
// of its own (so one benchmark's heap, sockets and child processes never weigh on the next),
// prints one table and writes bench/results/latest.json plus a dated copy.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testEnvironment as env } from "../test/support/test-environment.ts";
import type { Figure } from "./lib/figure.ts";
import { describeMachine, describeVersions } from "./lib/machine.ts";
import { renderTable } from "./lib/table.ts";

const root = join(import.meta.dirname, "..");
const wanted = process.argv.slice(2);
const scripts = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => wanted.length === 0 || wanted.includes(file.replace(/\.bench\.ts$/, "")))
  .sort();
if (scripts.length === 0) throw new Error(`no benchmark matches: ${wanted.join(", ")}`);

const startedAt = new Date();
const machineAtStart = describeMachine();
const scratch = mkdtempSync(join(tmpdir(), "wheelhouse-bench-"));
const figures: Figure[] = [];
const runs: { script: string; seconds: number; exitCode: number | null }[] = [];

for (const script of scripts) {
  const resultFile = join(scratch, `${script}.json`);
  console.error(`\n== ${script}`);
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(import.meta.dirname, script)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, BENCH_RESULT_FILE: resultFile },
  });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  runs.push({ script, seconds, exitCode: child.status });
  if (child.status !== 0) {
    console.error(`${script} failed (exit ${child.status ?? child.signal}) after ${seconds}s`);
    continue;
  }
  figures.push(...(JSON.parse(readFileSync(resultFile, "utf8")) as Figure[]));
}

const result = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  machine: { ...describeMachine(), loadavgAtStart: machineAtStart.loadavg },
  versions: describeVersions(root, {
    helm4: env.helm4Bin,
    helm3: env.helm3Bin,
    kubectl: env.kubectlBin,
  }),
  runs,
  figures,
};
const dir = join(import.meta.dirname, "results");
mkdirSync(dir, { recursive: true });
const json = `${JSON.stringify(result, null, 2)}\n`;
writeFileSync(join(dir, "latest.json"), json);
writeFileSync(join(dir, `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`), json);
console.log(`\n${renderTable(figures)}\n`);
console.log(
  `written: bench/results/latest.json (${figures.length} figures, ${runs.length} benchmarks)`,
);
if (runs.some((run) => run.exitCode !== 0)) process.exitCode = 1;
