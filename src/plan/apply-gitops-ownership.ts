// A change to a release a GitOps controller owns is undone at the controller's next sync, so the
// plan says so and which path works instead; the policy may refuse such plans outright. Pure.
import { findGitOpsOwner, type GitOpsOwner, manifestMarks } from "./find-gitops-owner.ts";
import { isPlan, type PlanOutcome } from "./plan-types.ts";
import { refuse } from "./refuse.ts";

// The policy's gitOpsOwned: "warn" (default) plans with a warning, "refuse" plans nothing.
export type GitOpsRule = "warn" | "refuse";

function splitName(owner: GitOpsOwner): { name: string; namespace: string | null } {
  const [namespace, name] = owner.name.includes("/") ? owner.name.split("/") : [null, owner.name];
  return { name: name ?? owner.name, namespace: namespace ?? null };
}

// The right path: suspend the HelmRelease first (or change it in Git); Argo CD: change it in Git.
export function gitOpsPath(owner: GitOpsOwner): string {
  if (owner.controller === "argocd") {
    return `change it in Git instead (or turn off auto-sync of the Application ${owner.name} first and turn it back on once Git matches)`;
  }
  const { name, namespace } = splitName(owner);
  const suspend = `flux suspend helmrelease ${name}${namespace ? ` -n ${namespace}` : ""}`;
  return `change the HelmRelease in Git instead, or suspend it first (${suspend}) and resume it once Git matches`;
}

export function gitOpsWarning(owner: GitOpsOwner, operation: string): string {
  const who =
    owner.controller === "flux"
      ? `the Flux HelmRelease ${owner.name}`
      : `the Argo CD Application ${owner.name}`;
  const when = owner.controller === "flux" ? "reconcile" : "sync";
  return `This release is managed by ${who} (${owner.evidence}): it will revert a direct ${operation} at its next ${when}; ${gitOpsPath(owner)}.`;
}

export function applyGitOpsOwnership(
  outcome: PlanOutcome,
  manifest: string | undefined,
  rule: GitOpsRule,
): PlanOutcome {
  if (!isPlan(outcome)) return outcome;
  const owner = findGitOpsOwner(manifestMarks(manifest ?? ""));
  if (owner === null) return outcome;
  const { name, namespace } = outcome.release;
  if (rule === "refuse") {
    return refuse(
      "owned_by_gitops",
      outcome.operation,
      { name, namespace },
      `The policy refuses changes to releases a GitOps controller manages, and ${name} is managed by ${owner.controller === "flux" ? "the Flux HelmRelease" : "the Argo CD Application"} ${owner.name}.`,
      [gitOpsPath(owner)],
      owner.evidence,
    );
  }
  return { ...outcome, warnings: [gitOpsWarning(owner, outcome.operation), ...outcome.warnings] };
}
