// What makePlan needs to turn a diagnosis's recommendation into a real plan (dry-run done,
// ready for Approve/Reject): the recommendation's Intent with the request's dependencies. null
// when the diagnosis recommends nothing.
import { intentForRecommendation } from "../diagnose/intent-for-recommendation.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { Diagnosis } from "../model/diagnosis.ts";
import type { RunIdentity } from "../model/kube-identity.ts";
import type { Inventory } from "../model/release.ts";
import type { Execution } from "../plan/plan-inputs.ts";
import type { MakePlanRequest } from "./make-plan.ts";
import type { PlanHelm } from "./plan-helm.ts";

export interface DiagnosisPlanDeps {
  // A fresh `helm list`: makePlan refuses a plan made from a stale row.
  inventory: Inventory;
  helm: PlanHelm;
  kube: KubeReader;
  now: Date;
  execution?: Execution;
  // Whom the dry run impersonates: the person who asked (absent: Wheelhouse's own identity).
  runAs?: RunIdentity;
}

export function planRequestForDiagnosis(
  diagnosis: Diagnosis,
  deps: DiagnosisPlanDeps,
): MakePlanRequest | null {
  const intent = intentForRecommendation(diagnosis);
  if (intent === null) return null;
  return {
    intent,
    inventory: deps.inventory,
    helm: deps.helm,
    kube: deps.kube,
    now: deps.now,
    ...(deps.runAs ? { runAs: deps.runAs } : {}),
    options: deps.execution ? { execution: deps.execution } : {},
  };
}
