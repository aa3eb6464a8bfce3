// What Wheelhouse remembers of the charts it ran: per release, the chart reference it last
// upgraded it from (repository/chart or oci://…), so the next plan does not have to guess where
// the chart comes from (helm does not record it). Written by the worker after helm succeeded.
import type { Redis } from "ioredis";
import { z } from "zod";
import type { ReleaseRef } from "../model/release.ts";
import type { RememberedSource } from "../plan/choose-chart-source.ts";

const rememberedSchema = z.object({
  chartRef: z.string().min(1),
  chartVersion: z.string(),
  at: z.string(),
  planId: z.string(),
});
export type RememberedChartSource = z.infer<typeof rememberedSchema>;

export interface ChartSourceMemory {
  recall(release: ReleaseRef): Promise<RememberedSource | null>;
  remember(release: ReleaseRef, source: RememberedChartSource): Promise<void>;
  forget(release: ReleaseRef): Promise<void>;
}

// Long enough to outlive any release cadence; an uninstalled release's entry dies by itself.
const TTL_SECONDS = 400 * 24 * 3600;

export function createChartSourceMemory(redis: Redis, prefix = "wheelhouse"): ChartSourceMemory {
  const key = (r: ReleaseRef) => `${prefix}:chart-source:${r.namespace}/${r.name}`;
  return {
    async recall(release) {
      const text = await redis.get(key(release));
      if (text === null) return null;
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        // An entry of another format is no memory at all: the plan searches and says so.
        return null;
      }
      const parsed = rememberedSchema.safeParse(data);
      return parsed.success ? parsed.data : null;
    },
    async remember(release, source) {
      await redis.set(
        key(release),
        JSON.stringify(rememberedSchema.parse(source)),
        "EX",
        TTL_SECONDS,
      );
    },
    async forget(release) {
      await redis.del(key(release));
    },
  };
}
