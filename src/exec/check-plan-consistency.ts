// Before anything runs, after the HMAC verified: is the stored command consistent with itself?
// Its digest must match its release, revision and argv, and the one argv builder must turn its
// operation into exactly that argv today. This catches bugs and corruption, not tampering (the
// digest is unkeyed; the signature is what proves the plan unchanged). A mismatch: nothing runs.

import { changeLimits } from "../model/change-limits.ts";
import type { MutatingHelmOperation } from "../model/helm-operation.ts";
import { deepEqual } from "../plan/canonical-json.ts";
import { digestPlan } from "../plan/digest-plan.ts";
import type { Plan } from "../plan/plan-types.ts";

export interface ArgvBuilder {
  argvFor(op: MutatingHelmOperation): string[];
}

// null when the plan may run; otherwise why not.
export function checkPlanConsistency(helm: ArgvBuilder, plan: Plan): string | null {
  const { release, command } = plan;
  const digest = digestPlan({ release, revision: release.revision, argv: command.argv });
  if (digest !== plan.digest) return "the stored plan does not match its digest";
  const op = command.operation;
  if (op.dryRun) return "the stored command is a dry run";
  if ("values" in op && op.values !== undefined) return "the stored command carries a values file";
  if (op.release.name !== release.name || op.release.namespace !== release.namespace) {
    return "the stored command is for another release than the plan";
  }
  let argv: string[];
  try {
    argv = helm.argvFor(op);
  } catch (error) {
    return `the stored command is not valid any more: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!deepEqual(argv, command.argv)) {
    return `the command would run as "helm ${argv.join(" ")}", not as shown`;
  }
  if (plan.limits !== undefined && !deepEqual(plan.limits, changeLimits(op))) {
    return "the time limits shown do not match the command";
  }
  return null;
}
