// The release inventory: exactly what `helm list -A -o json` prints, parsed once at the edge.
import { z } from "zod";

export const helmStatusSchema = z.enum([
  "unknown",
  "deployed",
  "uninstalled",
  "superseded",
  "failed",
  "uninstalling",
  "pending-install",
  "pending-upgrade",
  "pending-rollback",
]);
export type HelmStatus = z.infer<typeof helmStatusSchema>;

export const releaseSummarySchema = z.object({
  name: z.string(),
  namespace: z.string(),
  // helm prints the revision as a string in `list` and as a number elsewhere.
  revision: z.union([z.string(), z.number()]).transform((r) => Number(r)),
  updated: z.string(),
  status: helmStatusSchema,
  chart: z.string(),
  app_version: z.string().default(""),
});
export type ReleaseSummary = z.infer<typeof releaseSummarySchema>;

export const inventorySchema = z.array(releaseSummarySchema);
export type Inventory = ReleaseSummary[];

export interface ReleaseRef {
  name: string;
  namespace: string;
}

// "kafka-31.0.2" -> { chartName: "kafka", chartVersion: "31.0.2" }; helm joins them with "-".
export function splitChart(chart: string): { chartName: string; chartVersion: string } {
  const match = /^(.*?)-(v?\d+\.\d+\.\d+.*)$/.exec(chart);
  if (!match?.[1] || !match[2]) return { chartName: chart, chartVersion: "" };
  return { chartName: match[1], chartVersion: match[2] };
}
