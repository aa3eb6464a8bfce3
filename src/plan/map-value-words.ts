// Maps the keys of a values change onto the keys of the release's own chart: a key the chart
// has (or one under a free-form map of it) is kept; words that name a value ("memory.limit",
// "replicaCount" on a chart that says "replicas" or "controller.replicaCount") are matched
// against the chart's key names, nesting and schema descriptions, and mapped only when one
// key is certain. Otherwise the candidates are returned so that the person can choose.
import type { SetValue } from "../model/helm-operation.ts";

export interface KeyMapping {
  // The words as they were asked for ("memory limit").
  from: string;
  to: string;
}

export type ValueMapping =
  | { kind: "mapped"; set: Record<string, SetValue>; mappings: KeyMapping[] }
  | { kind: "ambiguous"; key: string; words: string; candidates: string[] };

export interface ChartValues {
  defaults: Record<string, unknown>;
  // values.schema.json when the chart has one.
  schema?: unknown;
}

interface Leaf {
  path: string;
  words: string[];
  described: string[];
  value: unknown;
}

const SYNONYMS: Readonly<Record<string, string>> = {
  mem: "memory",
  ram: "memory",
  maximum: "max",
  minimum: "min",
  replicacount: "replica",
  instance: "replica",
  copy: "replica",
  copie: "replica",
  pod: "replica",
  logging: "log",
  loglevel: "log",
  disk: "storage",
  volume: "storage",
  persistence: "storage",
  enable: "enabled",
};
// Words that may be said without the chart naming them ("max node count" for maxNodes).
const OPTIONAL = new Set(["count", "number", "amount", "total", "the", "of"]);
const MAX_CANDIDATES = 5;

function normalize(word: string): string {
  const lower = word.toLowerCase();
  const singular =
    lower.length > 3 && lower.endsWith("s") && !lower.endsWith("ss") ? lower.slice(0, -1) : lower;
  return SYNONYMS[singular] ?? SYNONYMS[lower] ?? singular;
}

export function keyWords(key: string): string[] {
  return key
    .split(/[.\-_\s]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter((w) => w !== "")
    .map(normalize);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function leaves(values: Record<string, unknown>, prefix = ""): Leaf[] {
  return Object.entries(values).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isObject(v) && Object.keys(v).length > 0) return leaves(v, path);
    return [{ path, words: keyWords(path), described: [], value: v }];
  });
}

// Keys the schema declares, with the words of their descriptions.
function schemaLeaves(schema: unknown, prefix = ""): Leaf[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  return Object.entries(schema.properties).flatMap(([k, sub]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    const nested = schemaLeaves(sub, path);
    if (nested.length > 0) return nested;
    const description = isObject(sub) && typeof sub.description === "string" ? sub.description : "";
    const type = isObject(sub) ? sub.type : undefined;
    const value =
      type === "boolean" ? false : type === "integer" || type === "number" ? 0 : undefined;
    return [{ path, words: keyWords(path), described: keyWords(description), value }];
  });
}

// The key as typed is the chart's own, or lies under a map the chart leaves open.
function chartHas(defaults: Record<string, unknown>, key: string): boolean {
  let node: unknown = defaults;
  for (const part of key.split(".")) {
    if (!isObject(node)) return true;
    if (!(part in node)) return Object.keys(node).length === 0 && node !== defaults;
    node = node[part];
  }
  return true;
}

function fits(leaf: Leaf, value: SetValue): boolean {
  if (leaf.value === undefined || leaf.value === null) return true;
  if (typeof value === "boolean") return typeof leaf.value === "boolean";
  if (typeof leaf.value === "boolean") return false;
  // "1Gi" never goes where the chart keeps a number (a schema's integer, a default of 3).
  if (typeof leaf.value === "number" && typeof value === "string") return NUMERIC.test(value);
  return !isObject(leaf.value) && !Array.isArray(leaf.value);
}
const NUMERIC = /^-?\d+(\.\d+)?$/;

function score(leaf: Leaf, wanted: readonly string[]): number | null {
  let total = 0;
  for (const word of wanted) {
    // The chart author's description saying the words too settles a tie of names
    // ("service port": the Service's port, not the one Prometheus scrapes).
    const described = leaf.described.includes(word) && !OPTIONAL.has(word);
    if (leaf.words.includes(word)) total += described ? 2.5 : 2;
    else if (described) total += 1.5;
    else if (!OPTIONAL.has(word)) return null;
  }
  // Nesting the words do not name ("controller.", "defaultBackend."): each counts the same.
  const extra = leaf.path
    .split(".")
    .filter((segment) => !keyWords(segment).some((w) => wanted.includes(w))).length;
  return total - 0.1 * extra;
}

function candidatesFor(key: string, value: SetValue, all: readonly Leaf[]) {
  const wanted = [...new Set(keyWords(key))];
  return all
    .filter((leaf) => fits(leaf, value))
    .map((leaf) => ({ path: leaf.path, score: score(leaf, wanted) }))
    .filter((c): c is { path: string; score: number } => c.score !== null && c.score > 0)
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
}

// True when some key is not the chart's own as typed: only then do words need mapping (and the
// chart's schema is worth waiting for).
export function needsWordMapping(
  set: Record<string, SetValue>,
  defaults: Record<string, unknown>,
): boolean {
  return Object.keys(set).some((key) => !chartHas(defaults, key));
}

export function mapValueWords(set: Record<string, SetValue>, chart: ChartValues): ValueMapping {
  const known = new Map<string, Leaf>();
  for (const leaf of [...leaves(chart.defaults), ...schemaLeaves(chart.schema)]) {
    const seen = known.get(leaf.path);
    known.set(
      leaf.path,
      seen ? { ...seen, described: [...seen.described, ...leaf.described] } : leaf,
    );
  }
  const all = [...known.values()];
  const out: Record<string, SetValue> = {};
  const mappings: KeyMapping[] = [];
  for (const [key, value] of Object.entries(set)) {
    if (known.has(key) || chartHas(chart.defaults, key)) {
      out[key] = value;
      continue;
    }
    const found = candidatesFor(key, value, all);
    const [best, second] = found;
    const words = keyWords(key).join(" ");
    if (best && (!second || second.score < best.score)) {
      out[best.path] = value;
      mappings.push({ from: words, to: best.path });
    } else if (best) {
      const top = found.filter((c) => c.score === best.score).slice(0, MAX_CANDIDATES);
      return { kind: "ambiguous", key, words, candidates: top.map((c) => c.path) };
    } else {
      // No key of the chart fits: kept as asked, helm adds it and the values diff shows it.
      out[key] = value;
    }
  }
  return { kind: "mapped", set: out, mappings };
}

// One line per mapped key, for the plan: "memory limit" -> `resources.limits.memory`.
export function describeKeyMappings(mappings: readonly KeyMapping[]): string[] {
  return mappings.map(
    (m) => `Read "${m.from}" as \`${m.to}\`, the chart's own key: check it before approving.`,
  );
}
