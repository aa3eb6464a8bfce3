// A diagnosis's recommendation as the Intent the planners take: the same path as a person
// asking "rollback web to 6", so the plan gets its dry-run, risk and approval like any other.
// null when there is nothing to do. Pure.
import type { Diagnosis } from "../model/diagnosis.ts";
import { emptyIntent, type Intent } from "../model/intent.ts";

export function intentForRecommendation(diagnosis: Diagnosis): Intent | null {
  const recommendation = diagnosis.recommendation;
  if (recommendation === null || recommendation.operation === "none") return null;
  const release = { name: diagnosis.release.name, namespace: diagnosis.release.namespace };
  if (recommendation.operation === "uninstall") return { ...emptyIntent("uninstall"), release };
  return {
    ...emptyIntent("rollback"),
    release,
    targetRevision: recommendation.targetRevision,
  };
}
