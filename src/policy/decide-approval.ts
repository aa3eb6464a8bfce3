// May this person approve this plan here? The operation and namespace are checked again (the
// policy may have changed since the plan was made), then the approver lists, then self-approval,
// which protected namespaces never allow. Pure.
import type { PlanOperation } from "../plan/plan-types.ts";
import { notServedReason } from "./decide-request.ts";
import { noPolicyReason } from "./default-policy.ts";
import type { Policy } from "./policy-schema.ts";
import {
  isNamespaceMutable,
  isProtectedNamespace,
  resolveChannelRule,
} from "./resolve-channel-rule.ts";

export interface ApprovalToDecide {
  channel: string;
  // Slack user id of the person who clicked Approve, and the user groups they belong to.
  approver: string;
  approverGroups: string[];
  // Slack user id of the person who asked for the plan ("alertmanager"/"wheelhouse" when none).
  requester: string;
  namespace: string;
  operation: PlanOperation;
}

export type ApprovalRefusalCode =
  | "not_an_approver"
  | "self_approval_forbidden"
  | "self_approval_protected"
  | "operation_not_allowed"
  | "namespace_not_allowed";

export type ApprovalDecision =
  | { allowed: true }
  | { allowed: false; reason: string; code: ApprovalRefusalCode };

function refuse(code: ApprovalRefusalCode, reason: string): ApprovalDecision {
  return { allowed: false, code, reason };
}

export function decideApproval(policy: Policy, approval: ApprovalToDecide): ApprovalDecision {
  const { operation, namespace } = approval;
  if (policy.builtIn === true) return refuse("operation_not_allowed", noPolicyReason(operation));
  const rule = resolveChannelRule(policy, approval.channel);
  if (rule === null) return refuse("operation_not_allowed", notServedReason());
  if (rule.readOnly) {
    return refuse(
      "operation_not_allowed",
      `This channel is read-only: changes (this ${operation}) cannot be approved here.`,
    );
  }
  if (!rule.operations.includes(operation)) {
    return refuse("operation_not_allowed", `'${operation}' is not allowed in this channel.`);
  }
  if (!isNamespaceMutable(rule, namespace)) {
    return refuse(
      "namespace_not_allowed",
      `Changes in namespace ${namespace} cannot be approved from this channel.`,
    );
  }
  const { users, groups } = rule.approvers;
  const anyone = users.length === 0 && groups.length === 0;
  const listed =
    users.includes(approval.approver) || approval.approverGroups.some((g) => groups.includes(g));
  if (!anyone && !listed) {
    return refuse(
      "not_an_approver",
      `You are not one of this channel's approvers (${describeApprovers(users, groups)}).`,
    );
  }
  if (approval.approver === approval.requester) {
    if (isProtectedNamespace(policy, namespace)) {
      return refuse(
        "self_approval_protected",
        `${namespace} is a protected namespace: someone other than the requester must approve.`,
      );
    }
    if (!rule.allowSelfApproval) {
      return refuse(
        "self_approval_forbidden",
        "You asked for this plan, so someone else must approve it.",
      );
    }
  }
  return { allowed: true };
}

function describeApprovers(users: string[], groups: string[]): string {
  const parts = [
    users.length > 0 ? `users ${users.join(", ")}` : "",
    groups.length > 0 ? `user groups ${groups.join(", ")}` : "",
  ];
  return parts.filter((p) => p !== "").join("; ");
}
