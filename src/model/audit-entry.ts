// One entry of the audit trail, as the store keeps it and the renderer shows it.
import type { ReleaseRef } from "./release.ts";

export const AUDIT_TYPES = [
  "request",
  "plan",
  "refusal",
  "approval",
  "rejection",
  "unauthorised_approval",
  "execution_started",
  "execution_result",
  "validation",
  // The reconciler closed a plan nobody approved in time.
  "expiry",
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditEntry {
  type: AuditType;
  // ISO time.
  at: string;
  // Slack user id, or "wheelhouse" / "alertmanager" for what the bot does on its own.
  actor: string;
  channel: string | null;
  release: ReleaseRef | null;
  planId: string | null;
  // One or two sentences for people (often the request as typed): redacted before storing.
  detail: string;
  // The cluster the entry is about (WHEELHOUSE_CLUSTER); the log sets it on append.
  cluster?: string;
}
