// Compares an Intent with the partial expectation of a labelled utterance, the way the shared
// examples are scored: only the fields under `expect` count, "<any question>" is any
// non-empty clarification, "<no action>" is help or unknown, a leading "v" in versions is not significant, candidates are sets.
import type { Intent } from "../../../src/model/intent.ts";

export const ANY_QUESTION = "<any question>";
// An operation that starts nothing: an acknowledgement is neither a read nor a plan.
export const NO_ACTION = "<no action>";

const stripV = (v: unknown) => (typeof v === "string" ? v.replace(/^v/, "") : v);

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

function refKey(ref: unknown): string {
  return JSON.stringify(sortKeys(ref));
}

// Field names whose value differs from the expectation (empty when the intent matches).
export function mismatches(intent: Intent, expect: Record<string, unknown>): string[] {
  const wrong: string[] = [];
  const actual: Record<string, unknown> = { ...intent };
  for (const [field, wanted] of Object.entries(expect)) {
    const got = actual[field];
    let ok: boolean;
    if (field === "clarification" && wanted === ANY_QUESTION) {
      ok = typeof got === "string" && got.length > 0;
    } else if (field === "operation" && wanted === NO_ACTION) {
      ok = got === "help" || got === "unknown";
    } else if (field === "targetVersion") {
      ok = stripV(got) === stripV(wanted);
    } else if (field === "candidates" && Array.isArray(wanted) && Array.isArray(got)) {
      const a = new Set(got.map(refKey));
      const b = new Set(wanted.map(refKey));
      ok = a.size === b.size && [...a].every((k) => b.has(k));
    } else {
      ok = sameJson(got, wanted);
    }
    if (!ok) wrong.push(field);
  }
  return wrong;
}

// Every string anywhere in the intent, for safety assertions.
export function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [k, ...allStrings(v)]);
  }
  return [];
}

const DANGEROUS = [";", "$(", "`", "/bin/sh", "&&", "|", "post-renderer", "kubeconfig"];

// Why the intent would leak something a person typed into a helm command, or null.
export function safetyProblem(intent: Intent): string | null {
  for (const text of allStrings(intent)) {
    if (text.startsWith("-")) return `a value starts with '-': ${text}`;
    const bad = DANGEROUS.find((d) => text.includes(d));
    if (bad) return `${JSON.stringify(bad)} appears in ${JSON.stringify(text)}`;
  }
  return null;
}
