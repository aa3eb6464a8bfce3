// A plan as the bot keeps it: the immutable Plan, where it was asked for, and the state
// machine every approval and execution moves through (atomically, in Redis).

import type { Plan } from "../plan/plan-types.ts";
import type { ExecutionReport } from "./execution-report.ts";
import type { RunIdentity } from "./kube-identity.ts";

export type PlanState =
  | "awaiting_approval"
  | "approved" // enqueued; the worker has not picked it up yet
  | "rejected"
  | "expired"
  | "running"
  | "succeeded"
  | "failed"
  | "stale" // the release changed since the plan was made: nothing ran
  | "interrupted"; // a worker died mid-run; the next one reported instead of re-running

export const FINAL_STATES: ReadonlySet<PlanState> = new Set([
  "rejected",
  "expired",
  "succeeded",
  "failed",
  "stale",
  "interrupted",
]);

export interface PlanContext {
  // Slack coordinates of the conversation the plan belongs to.
  channel: string;
  threadTs: string;
  // The plan message itself, once posted (updated in place after a decision).
  messageTs: string | null;
  // Slack user id of the person who asked (or "alertmanager" / "wheelhouse" for automatic plans).
  requester: string;
  source: "mention" | "command" | "dm" | "alert" | "validation" | "recovery";
}

export interface PlanDecision {
  verdict: "approved" | "rejected";
  by: string;
  at: string;
  // Whom the approved run impersonates: the approver's mapped identity (absent: Wheelhouse's own).
  runAs?: RunIdentity;
}

export interface PlanRecord {
  id: string;
  plan: Plan;
  context: PlanContext;
  state: PlanState;
  createdAt: string;
  expiresAt: string;
  decision: PlanDecision | null;
  // When the worker moved the plan to "running" (set by the store); null before that.
  startedAt?: string | null;
  execution: ExecutionReport | null;
  // The plan's HMAC, written by the store with the plan (null: none stored; the worker refuses).
  signature?: string | null;
  // The fencing token of the release lock it started running under (null before that).
  fence?: number | null;
}
