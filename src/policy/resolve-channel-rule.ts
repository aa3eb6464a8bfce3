// A channel's effective rule: its own entry, then the "*" entry, then the built-in defaults,
// field by field. null when the policy serves the channel not at all.
import { matchesGlob, matchesNamespaceList } from "./match-namespace.ts";
import {
  CHANNEL_DEFAULTS,
  type ChannelRule,
  type Policy,
  type ResolvedChannelRule,
} from "./policy-schema.ts";

export function resolveChannelRule(policy: Policy, channel: string): ResolvedChannelRule | null {
  const own: ChannelRule | undefined = channel === "*" ? undefined : policy.channels[channel];
  const star: ChannelRule | undefined = policy.channels["*"];
  if (own === undefined && star === undefined) return null;
  return {
    namespaces: own?.namespaces ?? star?.namespaces ?? CHANNEL_DEFAULTS.namespaces,
    mutationNamespaces:
      own?.mutationNamespaces ?? star?.mutationNamespaces ?? CHANNEL_DEFAULTS.mutationNamespaces,
    operations: own?.operations ?? star?.operations ?? CHANNEL_DEFAULTS.operations,
    readOnly: own?.readOnly ?? star?.readOnly ?? CHANNEL_DEFAULTS.readOnly,
    approvers: own?.approvers ?? star?.approvers ?? CHANNEL_DEFAULTS.approvers,
    allowSelfApproval:
      own?.allowSelfApproval ?? star?.allowSelfApproval ?? CHANNEL_DEFAULTS.allowSelfApproval,
  };
}

// For filtering what a read shows (a `list` across namespaces, for instance).
export function isNamespaceReadable(policy: Policy, channel: string, namespace: string): boolean {
  const rule = resolveChannelRule(policy, channel);
  return rule !== null && matchesNamespaceList(rule.namespaces, namespace);
}

export function isNamespaceMutable(rule: ResolvedChannelRule, namespace: string): boolean {
  return (
    matchesNamespaceList(rule.namespaces, namespace) &&
    matchesNamespaceList(rule.mutationNamespaces, namespace)
  );
}

export function isProtectedNamespace(policy: Policy, namespace: string): boolean {
  return policy.protectedNamespaces.some((p) => matchesGlob(p, namespace));
}
