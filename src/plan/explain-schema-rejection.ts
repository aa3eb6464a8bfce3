// A chart's values.schema.json said no: each complaint as the value it names and what would fix
// it, read from helm 4's messages ("at '/replicaCount': got string, want integer") and helm 3's
// ("replicaCount: Invalid type. Expected: integer, given: string").
import type { ReleaseRef } from "../model/release.ts";
import type { PlanRefusal } from "./plan-types.ts";
import { type CodedErrorInfo, refuse } from "./refuse.ts";

export interface SchemaComplaint {
  chart: string;
  // Dotted value path; "" for the top level.
  key: string;
  problem: string;
  fix: string;
}

const SCHEMA_HEADER = /values don't meet the specifications of the schema/;

const article = (word = "") => `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
const join = (parent: string, child: string) => (parent === "" ? child : `${parent}.${child}`);

// helm 4 "at '/a/b': …" or helm 3 "a.b: …" / "(root): …".
function splitLine(line: string): { key: string; problem: string } | null {
  const h4 = /^at '([^']*)': (.*)$/.exec(line);
  if (h4) return { key: (h4[1] ?? "").split("/").filter(Boolean).join("."), problem: h4[2] ?? "" };
  const h3 = /^([^\s:]+): (.*)$/.exec(line);
  if (h3) return { key: h3[1] === "(root)" ? "" : (h3[1] ?? ""), problem: h3[2] ?? "" };
  return null;
}

function fixFor(key: string, problem: string): { key: string; fix: string } | null {
  const extra =
    /additional properties '([^']+)' not allowed/.exec(problem) ??
    /Additional property (\S+) is not allowed/.exec(problem);
  if (extra?.[1]) {
    const k = join(key, extra[1]);
    return { key: k, fix: `remove ${k}: this chart version has no such value (--set ${k}=null)` };
  }
  const missing =
    /missing propert(?:y|ies) '([^']+)'/.exec(problem) ?? /^(\S+) is required/.exec(problem);
  if (missing?.[1]) {
    const k = join(key, missing[1]);
    return { key: k, fix: `give ${k} a value: the chart requires it` };
  }
  const type =
    /got (\w+), want (\w+)/.exec(problem) ?? /Expected: (\w+), given: (\w+)/.exec(problem);
  if (type && !/^minimum|^maximum/.test(problem)) {
    const [want, got] = problem.startsWith("got") ? [type[2], type[1]] : [type[1], type[2]];
    return { key, fix: `set ${key} to ${article(want)} (it is ${article(got)} now)` };
  }
  const oneOf = /must be one of(?: the following)?:? (.*)$/.exec(problem);
  if (oneOf) return { key, fix: `set ${key} to one of ${oneOf[1]}` };
  if (problem === "validation failed") return null;
  // A key the schema maps to false (helm 4) or "False always fails validation" (helm 3).
  if (/^false schema$|False always fails/.test(problem))
    return { key, fix: `remove ${key}: this chart version does not accept it (--set ${key}=null)` };
  return { key, fix: `change ${key === "" ? "the values" : key}: ${problem}` };
}

export function findSchemaComplaints(stderr: string): SchemaComplaint[] {
  if (!SCHEMA_HEADER.test(stderr)) return [];
  const complaints: SchemaComplaint[] = [];
  let chart = "";
  for (const raw of stderr.split("\n")) {
    const heading = /^([\w.-]+):\s*$/.exec(raw.trim());
    if (heading?.[1] && !raw.trim().startsWith("-")) {
      chart = heading[1];
      continue;
    }
    const item = /^\s*- (.*)$/.exec(raw);
    const parts = item?.[1] ? splitLine(item[1]) : null;
    if (!parts) continue;
    const fixed = fixFor(parts.key, parts.problem);
    if (fixed && !complaints.some((c) => c.key === fixed.key && c.fix === fixed.fix))
      complaints.push({ chart, key: fixed.key, problem: parts.problem, fix: fixed.fix });
  }
  return complaints;
}

export function refuseSchemaRejection(
  error: CodedErrorInfo,
  operation: string,
  release: ReleaseRef,
  // The chart and version, when the caller knows them; else the chart helm named.
  what: string | null,
): PlanRefusal | null {
  if (error.code !== "helm_dry_run_failed") return null;
  const complaints = findSchemaComplaints(error.stderrHead);
  if (complaints.length === 0) return null;
  const keys = complaints.map((c) => (c.key === "" ? "(top level)" : c.key)).join(", ");
  return refuse(
    "values_rejected_by_schema",
    operation,
    release,
    `The values do not fit the schema of ${what ?? complaints[0]?.chart ?? "the chart"} (values.schema.json): ${keys}.`,
    complaints.map((c) => c.fix),
    error.stderrHead,
  );
}
