// The Intent contract (shared/DESIGN.md): what one message asks for, resolved against the
// inventory. Every field is validated: a model's answer goes through the same schema.
import { z } from "zod";
import {
  chartVersionSchema,
  namespaceSchema,
  releaseNameSchema,
  revisionSchema,
  setKeySchema,
  setValueSchema,
} from "./names.ts";

export const operationSchema = z.enum([
  "list",
  "status",
  "history",
  "values",
  "manifest",
  "upgrade",
  "rollback",
  "uninstall",
  "set-values",
  "diagnose",
  "help",
  "unknown",
]);
export type Operation = z.infer<typeof operationSchema>;

export const MUTATING_OPERATIONS: ReadonlySet<Operation> = new Set([
  "upgrade",
  "rollback",
  "uninstall",
  "set-values",
]);

export const releaseRefSchema = z.object({ name: releaseNameSchema, namespace: namespaceSchema });

export const intentSchema = z
  .object({
    operation: operationSchema,
    release: releaseRefSchema.nullable(),
    namespace: namespaceSchema.nullable(),
    statusFilter: z
      .enum(["deployed", "failed", "pending", "superseded", "uninstalled", "uninstalling"])
      .nullable(),
    targetVersion: z.union([z.literal("latest"), chartVersionSchema]).nullable(),
    targetRevision: revisionSchema.nullable(),
    set: z.record(setKeySchema, setValueSchema).nullable(),
    clarification: z.string().min(1).max(500).nullable(),
    candidates: z.array(releaseRefSchema),
  })
  .strict();
export type Intent = z.infer<typeof intentSchema>;

export function emptyIntent(operation: Operation): Intent {
  return {
    operation,
    release: null,
    namespace: null,
    statusFilter: null,
    targetVersion: null,
    targetRevision: null,
    set: null,
    clarification: null,
    candidates: [],
  };
}
