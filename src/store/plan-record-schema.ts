// What a plan record looks like when it comes back from Redis: the fields the store owns are
// parsed in full; the plan is shape-checked on what the worker relies on (the worker also
// verifies its HMAC and recomputes its digest). Each schema is checked against the contract types at compile time.

import { z } from "zod";
import type { ExecutionReport } from "../model/execution-report.ts";
import { runIdentitySchema } from "../model/kube-identity.ts";
import type { PlanContext, PlanDecision, PlanState } from "../model/plan-record.ts";
import { helmStatusSchema } from "../model/release.ts";
import type { Plan } from "../plan/plan-types.ts";

export const PLAN_STATES = [
  "awaiting_approval",
  "approved",
  "rejected",
  "expired",
  "running",
  "succeeded",
  "failed",
  "stale",
  "interrupted",
] as const satisfies readonly PlanState[];
export const planStateSchema = z.enum(PLAN_STATES);

export const planContextSchema = z.object({
  channel: z.string(),
  threadTs: z.string(),
  messageTs: z.string().nullable(),
  requester: z.string(),
  source: z.enum(["mention", "command", "dm", "alert", "validation", "recovery"]),
}) satisfies z.ZodType<PlanContext>;

export const planDecisionSchema = z.object({
  verdict: z.enum(["approved", "rejected"]),
  by: z.string(),
  at: z.string(),
  runAs: runIdentitySchema.optional(),
}) satisfies z.ZodType<PlanDecision>;

const workloadHealthSchema = z.object({
  kind: z.enum(["Deployment", "StatefulSet", "DaemonSet"]),
  name: z.string(),
  desired: z.number(),
  ready: z.number(),
  updated: z.number(),
  healthy: z.boolean(),
  problems: z.array(z.string()),
});

const validationResultSchema = z.object({
  healthy: z.boolean(),
  releaseStatus: helmStatusSchema,
  revision: z.number(),
  workloads: z.array(workloadHealthSchema),
  events: z.array(z.string()),
  logs: z.array(z.object({ pod: z.string(), container: z.string(), text: z.string() })),
  checkedAt: z.string(),
  waitedSeconds: z.number(),
});

export const executionReportSchema = z.object({
  outcome: z.enum(["succeeded", "failed", "stale", "interrupted"]),
  startedAt: z.string(),
  finishedAt: z.string(),
  argv: z.array(z.string()),
  output: z.string(),
  error: z.object({ code: z.string(), message: z.string(), stderrHead: z.string() }).nullable(),
  validation: validationResultSchema.nullable(),
  rollbackPlanId: z.string().nullable(),
  note: z.string().nullable(),
}) satisfies z.ZodType<ExecutionReport>;

const planShapeSchema = z.looseObject({
  kind: z.literal("plan"),
  operation: z.enum(["upgrade", "rollback", "uninstall", "set-values"]),
  createdAt: z.string(),
  release: z.looseObject({ name: z.string(), namespace: z.string(), revision: z.number() }),
  command: z.looseObject({
    operation: z.looseObject({ kind: z.enum(["install", "upgrade", "rollback", "uninstall"]) }),
    argv: z.array(z.string()),
    display: z.string(),
    helmMajor: z.union([z.literal(3), z.literal(4)]),
  }),
  risk: z.looseObject({ level: z.enum(["low", "medium", "high"]) }),
  digest: z.string().startsWith("sha256:"),
});

// Plans are written by this store from planner output; reading one back checks that it is still
// one before the worker may act on it.
export function isStoredPlan(value: unknown): value is Plan {
  return planShapeSchema.safeParse(value).success;
}

export function jsonField<T>(schema: z.ZodType<T>) {
  return z.string().transform((text, ctx): T => {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: "custom", message: "not JSON" });
      return z.NEVER;
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      }
      return z.NEVER;
    }
    return parsed.data;
  });
}

// The Redis hash, field by field (every value is a string there).
export const storedRecordSchema = z.object({
  id: z.string(),
  plan: jsonField(z.unknown()),
  context: jsonField(planContextSchema),
  messageTs: z.string().default(""),
  state: planStateSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  startedAt: z.string().default(""),
  decision: jsonField(planDecisionSchema.nullable()),
  execution: jsonField(executionReportSchema.nullable()),
  signature: z.string().default(""),
  // The fencing token of the release lock the plan started running under ("" before that).
  fence: z
    .string()
    .regex(/^\d*$/)
    .default("")
    .transform((text) => (text === "" ? null : Number(text))),
});
