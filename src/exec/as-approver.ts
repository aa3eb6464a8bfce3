// The approved command as the approver runs it: the plan's exact operation, impersonating the
// identity the policy maps the approver to (none mapped: Wheelhouse's own). Impersonation is not
// part of the plan's argv: it says who acts, not what is done.
import type { MutatingHelmOperation } from "../model/helm-operation.ts";
import type { RunIdentity } from "../model/kube-identity.ts";

export function asApprover(
  operation: MutatingHelmOperation,
  runAs: RunIdentity | undefined,
): MutatingHelmOperation {
  const identity = runAs?.identity ?? null;
  return identity === null ? operation : { ...operation, impersonate: identity };
}
