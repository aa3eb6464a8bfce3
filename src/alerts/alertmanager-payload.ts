// Alertmanager's webhook body, format version 4 (prometheus.io/docs/alerting/latest/configuration
// /#webhook_config). Fields Wheelhouse does not read are dropped; a body that is not version 4
// or misses what it reads is refused with the first problem, named by its path.
import { z } from "zod";

const labelSetSchema = z.record(z.string(), z.string());
const alertStatusSchema = z.enum(["firing", "resolved"]);
// Go's RFC 3339 as Alertmanager prints it: nanoseconds optional, "0001-01-01T00:00:00Z" for "none".
const timestampSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
    "not an RFC 3339 time",
  );

export const alertSchema = z.object({
  status: alertStatusSchema,
  labels: labelSetSchema,
  annotations: labelSetSchema.default({}),
  startsAt: timestampSchema,
  endsAt: timestampSchema.default("0001-01-01T00:00:00Z"),
  generatorURL: z.string().default(""),
  // Identifies one alert across notifications of its group.
  fingerprint: z.string().min(1).max(64),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertmanagerPayloadSchema = z.object({
  version: z.literal("4", "only webhook format version 4 is supported"),
  // Identifies the group across notifications: one thread per groupKey.
  groupKey: z.string().min(1).max(4096),
  // Alerts left out of this body because of the receiver's max_alerts.
  truncatedAlerts: z.number().int().min(0).default(0),
  status: alertStatusSchema,
  receiver: z.string().default(""),
  groupLabels: labelSetSchema.default({}),
  commonLabels: labelSetSchema.default({}),
  commonAnnotations: labelSetSchema.default({}),
  externalURL: z.string().default(""),
  alerts: z.array(alertSchema).min(1, "a notification carries at least one alert"),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

export type PayloadParse =
  | { ok: true; payload: AlertmanagerPayload }
  | { ok: false; reason: string };

function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

export function parseAlertmanagerPayload(body: string): PayloadParse {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `the body is not JSON (${detail})` };
  }
  const parsed = alertmanagerPayloadSchema.safeParse(data);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue === undefined) return { ok: false, reason: "the body is not a webhook notification" };
  const where = issue.path.length === 0 ? "body" : issuePath(issue.path);
  return { ok: false, reason: `${where}: ${issue.message}` };
}

// Alertmanager's "no end yet".
export function hasEnded(alert: Pick<Alert, "endsAt">): boolean {
  return !alert.endsAt.startsWith("0001-");
}
