// Reads the defaults of the chart a set-values will run and maps the requested keys onto it
// (plan/map-value-words.ts): "memory limit" becomes resources.limits.memory on one chart and
// controller.resources.limits.memory on another; when the chart leaves it open, it asks.
import type { SetValue } from "../helm/helm-operation.ts";
import type { ReleaseRef } from "../model/release.ts";
import { type KeyMapping, mapValueWords } from "../plan/map-value-words.ts";
import type { PlanRefusal } from "../plan/plan-types.ts";
import { refuse } from "../plan/refuse.ts";
import type { PlanHelm } from "./plan-helm.ts";

export interface MappedSet {
  set: Record<string, SetValue>;
  mappings: KeyMapping[];
}

export async function mapSetToChart(
  helm: PlanHelm,
  release: ReleaseRef,
  source: { chartRef: string; version: string; caFile?: string },
  set: Record<string, SetValue>,
): Promise<MappedSet | PlanRefusal> {
  const tls = source.caFile ? { caFile: source.caFile } : undefined;
  const defaults = await helm.showValues(source.chartRef, source.version, tls);
  const mapped = mapValueWords(set, { defaults });
  if (mapped.kind === "mapped") return { set: mapped.set, mappings: mapped.mappings };
  return refuse(
    "needs_clarification",
    "set-values",
    release,
    `"${mapped.words}" could be more than one value of ${source.chartRef} ${source.version}: ${mapped.candidates.join(", ")}. Which one do you mean?`,
    mapped.candidates.map((key) => `set ${key}=<value> on ${release.name}`),
  );
}
