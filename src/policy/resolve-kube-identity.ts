// Which Kubernetes identity a Slack person acts as, from the policy's identities: their own user
// mapping, plus the groups of every mapped Slack user group they are in. Nobody covered: null,
// Wheelhouse's own identity, with a note the plan shows. Pure.
import type { RunIdentity } from "../model/kube-identity.ts";
import type { Policy } from "./policy-schema.ts";

// The Slack user groups whose membership decides an identity (asked of Slack only if any).
export function identityGroupIds(policy: Policy): string[] {
  return Object.keys(policy.identities?.groups ?? {});
}

export function resolveKubeIdentity(
  policy: Policy,
  slackUser: string,
  slackGroups: readonly string[],
): RunIdentity {
  const mapping = policy.identities;
  const own = mapping?.users[slackUser];
  const inGroups = slackGroups.filter((g) => mapping?.groups[g] !== undefined);
  const groupNames = inGroups.flatMap((g) => mapping?.groups[g]?.groups ?? []);
  if (own === undefined && groupNames.length === 0) {
    return {
      identity: null,
      note: `as Wheelhouse's own identity: the policy maps no Kubernetes identity for ${slackUser}`,
    };
  }
  const user = own?.user ?? `slack:${slackUser}`;
  const groups = [...new Set([...(own?.groups ?? []), ...groupNames])];
  const from = [
    ...(own ? [`the Slack user ${slackUser}`] : []),
    ...inGroups.map((g) => `the Slack user group ${g}`),
  ];
  const shown = groups.length > 0 ? `${user} (groups ${groups.join(", ")})` : user;
  return { identity: { user, groups }, note: `as ${shown}, mapped from ${from.join(" and ")}` };
}
