// zod schemas for what helm prints with --output json (and the YAML of `show chart`).
// Only the fields Wheelhouse reads are required; helm 3 and 4 both satisfy them.
import { z } from "zod";
import { helmStatusSchema } from "./release.ts";

const chartMetadataSchema = z.object({
  name: z.string(),
  version: z.string(),
  appVersion: z.string().optional(),
  description: z.string().optional(),
  kubeVersion: z.string().optional(),
  deprecated: z.boolean().optional(),
  dependencies: z
    .array(
      z.object({
        name: z.string(),
        version: z.string().optional(),
        repository: z.string().optional(),
      }),
    )
    .optional(),
});
export type ChartMetadata = z.infer<typeof chartMetadataSchema>;
export { chartMetadataSchema };

const hookSchema = z.object({
  name: z.string(),
  kind: z.string(),
  // The template that rendered it ("web/charts/db/templates/migrate.yaml"): names its subchart.
  path: z.string().optional(),
  // helm.sh/hook-weight: hooks of one event run in ascending weight.
  weight: z.number().default(0),
  events: z.array(z.string()).default([]),
  last_run: z
    .object({
      started_at: z.string().optional(),
      completed_at: z.string().optional(),
      phase: z.string().optional(),
    })
    .optional(),
  // "before-hook-creation", "hook-succeeded", "hook-failed": what helm deletes after the hook.
  delete_policies: z.array(z.string()).default([]),
});

export const releaseDetailSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  version: z.number(),
  info: z.object({
    first_deployed: z.string().optional(),
    last_deployed: z.string().optional(),
    deleted: z.string().optional(),
    description: z.string().default(""),
    status: helmStatusSchema,
    notes: z.string().optional(),
  }),
  chart: z.object({ metadata: chartMetadataSchema }).optional(),
  config: z.record(z.string(), z.unknown()).nullish(),
  manifest: z.string().optional(),
  hooks: z.array(hookSchema).optional(),
});
export type ReleaseDetail = z.infer<typeof releaseDetailSchema>;

export const historyEntrySchema = z.object({
  revision: z.number(),
  updated: z.string(),
  status: helmStatusSchema,
  chart: z.string(),
  app_version: z.string().default(""),
  description: z.string().default(""),
});
export const historySchema = z.array(historyEntrySchema);
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

// `helm get values -o json` prints `null` when the user set nothing.
export const valuesSchema = z
  .record(z.string(), z.unknown())
  .nullable()
  .transform((v) => v ?? {});

export const searchResultSchema = z.array(
  z.object({
    name: z.string(),
    version: z.string(),
    app_version: z.string().default(""),
    description: z.string().default(""),
  }),
);
export type SearchResult = z.infer<typeof searchResultSchema>[number];
