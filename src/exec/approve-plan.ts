// What an Approve or Reject click does, in one place: the policy decides, the store moves the
// plan atomically (an expired plan cannot be approved), the audit log records it either way,
// and an approved plan is enqueued (when that fails, the reconciler enqueues it later). The Slack
// surface renders the outcome by its status/code.

import type { AuditType } from "../model/audit-entry.ts";
import type { PlanRecord } from "../model/plan-record.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { type ApprovalRefusalCode, decideApproval } from "../policy/decide-approval.ts";
import type { Policy } from "../policy/policy-schema.ts";
import { resolveKubeIdentity } from "../policy/resolve-kube-identity.ts";
import type { AuditLog } from "../store/audit-log.ts";
import type { PlanStore } from "../store/plan-store.ts";
import type { ExecutionQueue } from "./execution-queue.ts";

export interface DecisionDeps {
  store: PlanStore;
  audit: AuditLog;
  queue: Pick<ExecutionQueue, "enqueue">;
  policy: Policy;
}

export interface DecisionRequest {
  planId: string;
  // Slack user id of who clicked, and their user groups.
  by: string;
  byGroups: string[];
  // Where the click happened.
  channel: string;
}

export type DecisionOutcome =
  // queueError: the plan is approved but its job could not be added; the reconciler adds it on
  // its next pass.
  | { status: "approved"; record: PlanRecord; enqueued: boolean; queueError?: string }
  | { status: "rejected"; record: PlanRecord }
  | {
      status: "refused";
      code: ApprovalRefusalCode | "wrong_channel";
      reason: string;
      record: PlanRecord;
    }
  // Too late: the plan expired before the click.
  | { status: "expired"; record: PlanRecord }
  // Someone decided first (or it ran already): record.state and record.decision say what.
  | { status: "already_decided"; record: PlanRecord }
  | { status: "not_found" };

async function audit(
  deps: DecisionDeps,
  request: DecisionRequest,
  record: PlanRecord,
  type: AuditType,
  detail: string,
): Promise<void> {
  await deps.audit.append({
    type,
    at: new Date().toISOString(),
    actor: request.by,
    channel: request.channel,
    release: { name: record.plan.release.name, namespace: record.plan.release.namespace },
    planId: record.id,
    detail,
  });
}

function refusal(
  record: PlanRecord,
  request: DecisionRequest,
  policy: Policy,
): Extract<DecisionOutcome, { status: "refused" }> | null {
  if (request.channel !== record.context.channel) {
    const reason = "This plan belongs to another channel; decide on it there.";
    return { status: "refused", code: "wrong_channel", reason, record };
  }
  const decision = decideApproval(policy, {
    channel: record.context.channel,
    approver: request.by,
    approverGroups: request.byGroups,
    requester: record.context.requester,
    namespace: record.plan.release.namespace,
    operation: record.plan.operation,
  });
  return decision.allowed
    ? null
    : { status: "refused", code: decision.code, reason: decision.reason, record };
}

export async function approvePlan(
  deps: DecisionDeps,
  request: DecisionRequest,
): Promise<DecisionOutcome> {
  const record = await deps.store.get(request.planId);
  if (record === null) return { status: "not_found" };
  const refused = refusal(record, request, deps.policy);
  if (refused !== null) {
    await audit(
      deps,
      request,
      record,
      "unauthorised_approval",
      `${refused.code}: ${refused.reason}`,
    );
    return refused;
  }
  const decision = {
    verdict: "approved" as const,
    by: request.by,
    at: new Date().toISOString(),
    // The run impersonates the approver, so the cluster's RBAC has the last word.
    runAs: resolveKubeIdentity(deps.policy, request.by, request.byGroups),
  };
  const moved = await deps.store.transition(record.id, ["awaiting_approval"], "approved", {
    decision,
  });
  if (!moved.ok) {
    const current = moved.record ?? record;
    return current.state === "expired"
      ? { status: "expired", record: current }
      : { status: "already_decided", record: current };
  }
  // Who the change will run as is part of what was decided: the audit trail says it.
  const detail = `approved: ${record.plan.command.display}; runs ${decision.runAs.note}`;
  await audit(deps, request, moved.record, "approval", detail);
  try {
    const { enqueued } = await deps.queue.enqueue(record.id);
    return { status: "approved", record: moved.record, enqueued };
  } catch (error) {
    // Approved stays approved: the reconciler finds approved plans without a job.
    const queueError = codedErrorInfo(error);
    return {
      status: "approved",
      record: moved.record,
      enqueued: false,
      queueError: `${queueError.code}: ${queueError.message}`,
    };
  }
}

// The requester may always withdraw their own plan; anyone else needs to be allowed to approve.
export async function rejectPlan(
  deps: DecisionDeps,
  request: DecisionRequest,
): Promise<DecisionOutcome> {
  const record = await deps.store.get(request.planId);
  if (record === null) return { status: "not_found" };
  const own = request.by === record.context.requester && request.channel === record.context.channel;
  const refused = own ? null : refusal(record, request, deps.policy);
  if (refused !== null) {
    await audit(
      deps,
      request,
      record,
      "unauthorised_approval",
      `rejection refused: ${refused.code}: ${refused.reason}`,
    );
    return refused;
  }
  const decision = { verdict: "rejected" as const, by: request.by, at: new Date().toISOString() };
  const moved = await deps.store.transition(record.id, ["awaiting_approval"], "rejected", {
    decision,
  });
  if (!moved.ok) return { status: "already_decided", record: moved.record ?? record };
  await audit(deps, request, moved.record, "rejection", `rejected: ${record.plan.command.display}`);
  return { status: "rejected", record: moved.record };
}
