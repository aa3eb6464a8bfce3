// The one action the findings call for. Rollback to the last revision that ran healthy for a
// stuck upgrade or rollback, a failed upgrade or hook, and a regression; uninstall for a release
// that never deployed; none when healthy (saying what was checked), when the rollout is still
// moving, or when a GitOps controller owns the release (saying what to do instead). Pure.
import type {
  Correlation,
  Finding,
  FindingCode,
  Recommendation,
  ReleaseSnapshot,
} from "../model/diagnosis.ts";
import type { GitOpsOwner } from "../plan/find-gitops-owner.ts";
import { lastRanRevision, ran } from "./history-queries.ts";

const NOT_PROBLEMS: ReadonlySet<FindingCode> = new Set(["healthy", "drift", "owned-by-gitops"]);
const HELM_STATE: ReadonlySet<FindingCode> = new Set([
  "stuck-pending-install",
  "stuck-pending-upgrade",
  "stuck-pending-rollback",
  "failed-release",
  "failed-hook",
]);

export interface RecommendationInput {
  snapshot: ReleaseSnapshot;
  findings: readonly Finding[];
  correlation: Correlation | null;
  gitops: GitOpsOwner | null;
  checked: readonly string[];
}

function none(reason: string): Recommendation {
  return { operation: "none", targetRevision: null, reason };
}

function why(
  problems: readonly Finding[],
  correlation: Correlation | null,
  current: number,
): string {
  const codes = [...new Set(problems.map((p) => p.code))].join(", ");
  if (
    correlation === null ||
    (correlation.revision === current && problems.some((p) => HELM_STATE.has(p.code)))
  ) {
    return `${codes} at revision ${current}`;
  }
  return `${codes}, brought by ${correlation.summary}`;
}

export function recommendAction(input: RecommendationInput): Recommendation | null {
  const { snapshot, findings, correlation } = input;
  const status = snapshot.status;
  if (status === null) return null;
  const name = snapshot.release.name;
  const problems = findings.filter((f) => !NOT_PROBLEMS.has(f.code));
  const drift = findings.some((f) => f.code === "drift")
    ? ` Objects of ${name} were changed or deleted outside helm: an upgrade with the same values puts them back.`
    : "";
  if (problems.length === 0) {
    if (
      status.status === "uninstalled" ||
      status.status === "uninstalling" ||
      status.status === "unknown"
    ) {
      return none(
        `${name} is ${status.status} at revision ${status.revision}: there is no running release to fix.`,
      );
    }
    if (findings.some((f) => f.code === "healthy")) {
      return none(
        `Nothing to fix: ${name} is healthy.${drift} Checked ${input.checked.join("; ")}.`,
      );
    }
    if (drift !== "" && snapshot.readErrors.length === 0) return none(drift.trim());
    return none(
      `No problem found, but not everything could be checked: ${input.checked.join("; ")}.${drift}`,
    );
  }
  const helmBroken = problems.some((p) => HELM_STATE.has(p.code));
  if (helmBroken && !snapshot.history.some(ran)) {
    return {
      operation: "uninstall",
      targetRevision: null,
      reason: `${name} never deployed (${status.status} at revision ${status.revision}, no revision ever ran): there is nothing to roll back to; uninstalling clears it so it can be installed again.`,
    };
  }
  if (!helmBroken && problems.every((p) => p.code === "not-ready" && p.severity !== "critical")) {
    return none(
      `The rollout of revision ${status.revision} is still moving and nothing fatal was seen: diagnose again in a minute.`,
    );
  }
  const introduced = correlation?.revision ?? status.revision;
  const target = lastRanRevision(snapshot.history, introduced);
  if (target === null) {
    return none(
      `${why(problems, correlation, status.revision)}; no revision before ${introduced} ran, so there is nothing to roll back to: fix the values or chart and upgrade.`,
    );
  }
  const back = `revision ${target.revision} (${target.chart}) is the last that ran healthy before it`;
  if (input.gitops !== null) {
    return none(
      `${why(problems, correlation, status.revision)}; ${back}, but ${input.gitops.controller === "flux" ? "Flux" : "Argo CD"} (${input.gitops.name}) would undo a helm rollback: revert the change in Git instead.`,
    );
  }
  return {
    operation: "rollback",
    targetRevision: target.revision,
    reason: `${why(problems, correlation, status.revision)}; ${back}.`,
  };
}
