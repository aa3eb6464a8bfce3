// Whom a requester's dry runs impersonate: the policy's mapping of them and their user groups.
import type { RunIdentity } from "../model/kube-identity.ts";
import type { Policy } from "../policy/policy-schema.ts";
import { identityGroupIds, resolveKubeIdentity } from "../policy/resolve-kube-identity.ts";
import type { ApproverGroups } from "./approver-groups.ts";

export async function requesterIdentity(
  d: { policy: Policy; groups?: ApproverGroups },
  user: string,
): Promise<RunIdentity> {
  const named = identityGroupIds(d.policy);
  const inGroups = named.length > 0 && d.groups ? await d.groups(user, named) : [];
  return resolveKubeIdentity(d.policy, user, inGroups);
}
