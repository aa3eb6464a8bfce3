// A diagnosis as terminal lines: the verdict, each finding with its evidence, the revision that
// brought the problem, the recommendation and how to ask for it, and what was checked. Pure.
import type { Diagnosis, Severity } from "../model/diagnosis.ts";

const MARK: Record<Severity, string> = { critical: "✗", warning: "!", info: "✓" };
const EVIDENCE_SHOWN = 8;

function verdict(d: Diagnosis): string {
  const where = `${d.release.name} in ${d.release.namespace}`;
  if (d.status === "not-found") return `${where}: no such release`;
  const chart = d.release.chart ? ` (${d.release.chart})` : "";
  return `${where}: ${d.status} at revision ${d.release.revision ?? "?"}${chart}`;
}

function askFor(d: Diagnosis): string | null {
  const r = d.recommendation;
  if (r === null || r.operation === "none") return null;
  const what =
    r.operation === "rollback"
      ? `rollback ${d.release.name} to ${r.targetRevision}`
      : `uninstall ${d.release.name}`;
  return `  plan it: wheelhouse plan "${what} -n ${d.release.namespace}"`;
}

export function describeDiagnosis(d: Diagnosis): string[] {
  const lines = [verdict(d)];
  for (const f of d.findings) {
    lines.push(`${MARK[f.severity]} ${f.severity} ${f.code}: ${f.summary}`);
    for (const e of f.evidence.slice(0, EVIDENCE_SHOWN)) lines.push(`    ${e}`);
    if (f.evidence.length > EVIDENCE_SHOWN)
      lines.push(`    … ${f.evidence.length - EVIDENCE_SHOWN} more`);
  }
  if (d.correlation !== null) lines.push(`introduced by: ${d.correlation.summary}`);
  const r = d.recommendation;
  if (r !== null) {
    const what =
      r.operation === "rollback" ? `rollback to revision ${r.targetRevision}` : r.operation;
    lines.push(`recommendation: ${what}: ${r.reason}`);
    const ask = askFor(d);
    if (ask !== null) lines.push(ask);
  }
  if (d.explanation !== null) lines.push(`in short: ${d.explanation}`);
  lines.push(`checked: ${d.checked.join("; ")}`);
  return lines;
}
