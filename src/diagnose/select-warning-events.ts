// The Warning events that concern a release's workloads and their pods, newest first, one line
// each: "Pod web-745bf5cbdf-sfl6n: BackOff: Back-off restarting failed container (x3)". Pure.
import { z } from "zod";

const eventSchema = z.object({
  type: z.string().optional(),
  reason: z.string().default(""),
  message: z.string().default(""),
  count: z.number().optional(),
  series: z.object({ count: z.number().optional() }).optional(),
  lastTimestamp: z.string().nullish(),
  eventTime: z.string().nullish(),
  firstTimestamp: z.string().nullish(),
  metadata: z.object({ creationTimestamp: z.string().optional() }).default({}),
  involvedObject: z.object({ kind: z.string().default(""), name: z.string().default("") }),
});
type Event = z.infer<typeof eventSchema>;

function when(e: Event): number {
  const text = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  const time = text ? Date.parse(text) : Number.NaN;
  return Number.isNaN(time) ? 0 : time;
}

// Pods and ReplicaSets are named after their workload: "web" owns "web-745bf5cbdf-sfl6n".
export function concernsWorkloads(objectName: string, workloadNames: readonly string[]): boolean {
  return workloadNames.some((w) => objectName === w || objectName.startsWith(`${w}-`));
}

export function selectWarningEvents(
  events: readonly unknown[],
  workloadNames: readonly string[],
  limit = 10,
): string[] {
  const warnings: Event[] = [];
  for (const raw of events) {
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success || parsed.data.type !== "Warning") continue;
    if (!concernsWorkloads(parsed.data.involvedObject.name, workloadNames)) continue;
    warnings.push(parsed.data);
  }
  return warnings
    .sort((a, b) => when(b) - when(a))
    .slice(0, limit)
    .map((e) => {
      const times = e.series?.count ?? e.count ?? 1;
      const repeat = times > 1 ? ` (x${times})` : "";
      return `${e.involvedObject.kind} ${e.involvedObject.name}: ${e.reason}: ${e.message.trim()}${repeat}`;
    });
}
