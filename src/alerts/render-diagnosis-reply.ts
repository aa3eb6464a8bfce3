// A diagnosis as a thread reply, for alert and watcher threads alike: findings with a little
// evidence, what changed in the guilty revision, the recommendation and, when one was made,
// the plan to approve. Plain text from plain data.
import type { Diagnosis, Recommendation } from "../model/diagnosis.ts";
import type { ReleaseRef } from "../model/release.ts";
import { plainMessage } from "./plain-message.ts";
import type { ProposedPlan, ThreadMessage } from "./thread-poster.ts";

const EVIDENCE_PER_FINDING = 4;

function recommendationLine(r: Recommendation | null): string {
  if (r === null) return "No recommendation: the rules could not settle on one.";
  if (r.operation === "rollback") {
    const to =
      r.targetRevision === null ? "the previous good revision" : `revision ${r.targetRevision}`;
    return `Recommended: roll back to ${to}. ${r.reason}`;
  }
  if (r.operation === "uninstall") return `Recommended: uninstall. ${r.reason}`;
  return `No change recommended. ${r.reason}`;
}

export function renderDiagnosisReply(
  diagnosis: Diagnosis,
  plan: ProposedPlan | null,
): ThreadMessage {
  const { release } = diagnosis;
  const ref = `${release.namespace}/${release.name}`;
  const revision = release.revision === null ? "" : `, revision ${release.revision}`;
  const chart = release.chart === null ? "" : ` (${release.chart})`;
  const lines = [`${ref}: ${diagnosis.status}${revision}${chart}.`];
  for (const finding of diagnosis.findings) {
    lines.push(`[${finding.severity}] ${finding.code}: ${finding.summary}`);
    lines.push(...finding.evidence.slice(0, EVIDENCE_PER_FINDING).map((e) => `    ${e}`));
  }
  if (diagnosis.correlation !== null) lines.push(`Introduced by ${diagnosis.correlation.summary}`);
  lines.push(recommendationLine(diagnosis.recommendation));
  if (diagnosis.explanation !== null) lines.push(diagnosis.explanation);
  if (diagnosis.checked.length > 0) lines.push(`Checked: ${diagnosis.checked.join(", ")}.`);
  if (plan !== null) lines.push(`Plan ready for approval: ${plan.description}`);
  const codes = diagnosis.findings.map((f) => f.code).join(", ");
  const summary = `Diagnosis of ${ref}: ${codes || diagnosis.status}`;
  return { ...plainMessage(summary, lines, plan ?? undefined), diagnosis };
}

export function renderDiagnosisFailure(release: ReleaseRef, error: unknown): ThreadMessage {
  const detail = error instanceof Error ? error.message : String(error);
  const code =
    typeof error === "object" && error !== null && "code" in error
      ? ` [${String(error.code)}]`
      : "";
  return plainMessage(`Could not diagnose ${release.namespace}/${release.name}`, [
    `Wheelhouse could not diagnose ${release.namespace}/${release.name}${code}: ${detail}`,
  ]);
}
