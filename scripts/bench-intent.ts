// Benchmark (not a test): median time to analyse one utterance with the rules against
// generated inventories of 10, 1,000 and 10,000 releases, and how it grows.
// Run: npm run bench:intent
import { performance } from "node:perf_hooks";
import { analyzeRules } from "../src/intent/analyze-rules.ts";
import { getInventoryIndex } from "../src/intent/inventory-index.ts";
import type { Inventory, ReleaseSummary } from "../src/model/release.ts";

const TEAMS = `payments billing search checkout catalog identity growth data ml platform infra
security mobile web ads fraud ledger orders shipping pricing reviews messaging notify media
analytics reporting support crm partners loyalty inventory warehouse finance hr legal risk
trust insights edge gateway core`.split(/\s+/);
const COMPONENTS = `api web worker frontend backend scheduler consumer producer indexer cache
redis postgres kafka grafana loki tempo vault nginx ingress gateway auth sync cron exporter
collector agent proxy router store queue streamer uploader resizer mailer notifier ledger
reconciler importer exporter-v2 billing-engine rules-engine feature-flags`.split(/\s+/);
const ENVS = ["prod", "staging", "dev", "qa"];
const STATUSES: ReleaseSummary["status"][] = [
  "deployed",
  "deployed",
  "deployed",
  "failed",
  "pending-upgrade",
];

// Deterministic pseudo-random numbers, so runs are comparable.
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function generateInventory(size: number): Inventory {
  const releases: Inventory = [];
  for (let i = 0; releases.length < size; i++) {
    const team = TEAMS[i % TEAMS.length] ?? "team";
    const component = COMPONENTS[Math.floor(i / TEAMS.length) % COMPONENTS.length] ?? "app";
    const round = Math.floor(i / (TEAMS.length * COMPONENTS.length));
    const name = round === 0 ? `${team}-${component}` : `${team}-${component}-${round}`;
    const env = ENVS[i % ENVS.length] ?? "prod";
    releases.push({
      name,
      namespace: `${team}-${env}`,
      revision: (i % 40) + 1,
      updated: "2026-11-20 10:00:00.000 +0000 UTC",
      status: STATUSES[i % STATUSES.length] ?? "deployed",
      chart: `${component}-1.${i % 10}.0`,
      app_version: "1.0.0",
    });
  }
  return releases;
}

function typo(word: string, next: () => number): string {
  const i = 1 + Math.floor(next() * (word.length - 2));
  return `${word.slice(0, i)}${word[i + 1] ?? ""}${word[i] ?? ""}${word.slice(i + 2)}`;
}

function utterances(inventory: Inventory, count: number): string[] {
  const next = random(42);
  const pick = () => inventory[Math.floor(next() * inventory.length)] ?? inventory[0];
  const templates: Array<(r: ReleaseSummary) => string> = [
    (r) => `upgrade ${r.name} to 1.4.2`,
    (r) => `rollback ${r.name} in ${r.namespace} to revision 3`,
    (r) => `why is ${r.name} failing?`,
    (r) => `status of ${r.name.replaceAll("-", " ")}`,
    (r) => `/helm history ${r.name} -n ${r.namespace}`,
    (r) => `set replicaCount=3 on ${r.name} in ${r.namespace}`,
    (r) => `show me ${typo(r.name, next)}'s values`,
    (r) => `what's running in ${r.namespace}?`,
    () => "any failed releases?",
    () => "upgrade elasticsearch-cluster to latest",
    (r) => `enable ingress on ${r.name}`,
    (r) => `${r.name} is crashlooping, can someone check`,
  ];
  return Array.from({ length: count }, (_, i) => {
    const release = pick();
    const template = templates[i % templates.length];
    return release && template ? template(release) : "help";
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const ROUNDS = 7;
const rows: Array<{ size: number; build: number; median: number; p95: number }> = [];
for (const size of [10, 1_000, 10_000]) {
  const inventory = generateInventory(size);
  const texts = utterances(inventory, 240);
  const buildStart = performance.now();
  getInventoryIndex(inventory);
  const build = performance.now() - buildStart;
  for (const text of texts.slice(0, 50)) analyzeRules(text, inventory);
  const perUtterance = texts.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    texts.forEach((text, i) => {
      const start = performance.now();
      analyzeRules(text, inventory);
      perUtterance[i]?.push(performance.now() - start);
    });
  }
  const medians = perUtterance.map(median);
  rows.push({ size, build, median: median(medians), p95: percentile(medians, 0.95) });
}

const fmt = (n: number) => n.toFixed(4).padStart(9);
console.log("releases  index build ms  median ms/utterance     p95 ms  growth vs previous");
rows.forEach((row, i) => {
  const previous = rows[i - 1];
  const growth = previous
    ? `${(row.median / previous.median).toFixed(2)}x for ${row.size / previous.size}x releases`
    : "";
  console.log(
    `${String(row.size).padStart(8)}  ${fmt(row.build).padStart(14)}  ${fmt(row.median).padStart(19)}  ${fmt(row.p95)}  ${growth}`,
  );
});
console.log(
  `intent median ms @1000: ${(rows.find((r) => r.size === 1_000)?.median ?? 0).toFixed(4)}`,
);
