// A diagnosis finding for a release a GitOps controller owns: a direct rollback would be undone
// at its next sync, so the finding says what to do instead. Pure.
import type { Finding } from "../model/diagnosis.ts";
import type { GitOpsOwner } from "../plan/find-gitops-owner.ts";

export function gitOpsFinding(owner: GitOpsOwner, releaseName: string): Finding {
  const flux = owner.controller === "flux";
  const [namespace, name] = owner.name.includes("/") ? owner.name.split("/") : [null, owner.name];
  const what = flux
    ? `the Flux HelmRelease ${owner.name}`
    : `the Argo CD Application ${owner.name}`;
  const instead = flux
    ? `revert the change in Git and let Flux reconcile, or suspend it first (flux suspend helmrelease ${name}${namespace ? ` -n ${namespace}` : ""}) and roll back by hand`
    : "revert the change in Git (or roll back in Argo CD with auto-sync off) instead of a helm rollback";
  return {
    code: "owned-by-gitops",
    severity: "warning",
    summary: `${releaseName} is managed by ${what}: a direct helm rollback would be undone at its next sync; ${instead}`,
    evidence: [owner.evidence],
  };
}
