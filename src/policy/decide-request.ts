// May this channel ask for this operation on this namespace? Reads are answered wherever the
// channel's namespaces reach; changes also need an operation the channel allows, a channel that
// is not read-only, and a namespace open to changes. Pure.
import { noPolicyReason } from "./default-policy.ts";
import { matchesNamespaceList } from "./match-namespace.ts";
import { MUTATION_OPERATIONS, type Policy, type PolicyOperation } from "./policy-schema.ts";
import { isNamespaceMutable, resolveChannelRule } from "./resolve-channel-rule.ts";

export interface RequestToDecide {
  channel: string;
  // An Intent's operation; "help" and "unknown" are always answered.
  operation: PolicyOperation | "help" | "unknown";
  // null: not known yet (a list over every namespace, or a question still to clarify); the
  // namespace check happens again once there is one.
  namespace: string | null;
}

export type RequestDecision = { allowed: true } | { allowed: false; reason: string };

export function notServedReason(): string {
  return "Wheelhouse is not enabled in this channel: the approval policy has no entry for it.";
}

export function decideRequest(policy: Policy, request: RequestToDecide): RequestDecision {
  const { operation, namespace } = request;
  if (operation === "help" || operation === "unknown") return { allowed: true };
  const mutating = MUTATION_OPERATIONS.has(operation);
  if (mutating && policy.builtIn === true)
    return { allowed: false, reason: noPolicyReason(operation) };
  const rule = resolveChannelRule(policy, request.channel);
  if (rule === null) return { allowed: false, reason: notServedReason() };
  if (!rule.operations.includes(operation)) {
    return {
      allowed: false,
      reason: `'${operation}' is not allowed in this channel (allowed here: ${rule.operations.join(", ") || "nothing"}).`,
    };
  }
  if (mutating && rule.readOnly) {
    return {
      allowed: false,
      reason: `This channel is read-only: ask for the ${operation} in a channel where changes are allowed.`,
    };
  }
  if (namespace === null) return { allowed: true };
  if (!matchesNamespaceList(rule.namespaces, namespace)) {
    return {
      allowed: false,
      reason: `Namespace ${namespace} is outside this channel's namespaces (${rule.namespaces.join(", ")}).`,
    };
  }
  if (mutating && !isNamespaceMutable(rule, namespace)) {
    return {
      allowed: false,
      reason: `Changes in namespace ${namespace} are not allowed from this channel (changes allowed in: ${rule.mutationNamespaces.join(", ")}); reads are.`,
    };
  }
  return { allowed: true };
}
