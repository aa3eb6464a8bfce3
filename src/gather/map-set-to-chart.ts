// Reads the defaults of the chart a set-values will run and maps the requested keys onto it
// (plan/map-value-words.ts): "memory limit" becomes resources.limits.memory on one chart and
// controller.resources.limits.memory on another; when the chart leaves it open, it asks.
// The chart's values.schema.json (names, descriptions, types, keys values.yaml leaves out) is
// pulled beside the values, and waited for only when some key is words rather than the chart's.
import type { SetValue } from "../model/helm-operation.ts";
import type { ReleaseRef } from "../model/release.ts";
import { type KeyMapping, mapValueWords, needsWordMapping } from "../plan/map-value-words.ts";
import type { PlanRefusal } from "../plan/plan-types.ts";
import { codedErrorInfo, refuse } from "../plan/refuse.ts";
import { type PlanHelm, started } from "./plan-helm.ts";

export interface MappedSet {
  set: Record<string, SetValue>;
  mappings: KeyMapping[];
}

// A pull of a small chart takes ~0.1 s on loopback; a slow registry must not hold the plan.
export const SCHEMA_TIMEOUT_MS = 10_000;

// The schema helps and is never required: a chart without one, a slow pull or an unreadable
// file leave the mapping to the values alone (which asks when they do not make a key certain).
async function schemaOrNone(
  schema: Promise<Record<string, unknown> | undefined> | undefined,
): Promise<Record<string, unknown> | undefined> {
  try {
    return await schema;
  } catch (error) {
    if (codedErrorInfo(error).code === "unexpected_error") throw error;
    return undefined;
  }
}

export async function mapSetToChart(
  helm: PlanHelm,
  release: ReleaseRef,
  source: { chartRef: string; version: string; caFile?: string },
  set: Record<string, SetValue>,
): Promise<MappedSet | PlanRefusal> {
  const tls = source.caFile ? { caFile: source.caFile } : undefined;
  const cancel = new AbortController();
  const schema = helm.chartSchema
    ? started(
        helm.chartSchema(source.chartRef, source.version, {
          ...tls,
          timeoutMs: SCHEMA_TIMEOUT_MS,
          signal: cancel.signal,
        }),
      )
    : undefined;
  const defaults = await helm
    .showValues(source.chartRef, source.version, tls)
    .catch((error: unknown) => {
      cancel.abort();
      throw error;
    });
  // Every key is the chart's own: the pull is not waited for, and is ended.
  const words = needsWordMapping(set, defaults);
  if (!words) cancel.abort();
  const mapped = mapValueWords(set, {
    defaults,
    schema: words ? await schemaOrNone(schema) : undefined,
  });
  if (mapped.kind === "mapped") return { set: mapped.set, mappings: mapped.mappings };
  return refuse(
    "needs_clarification",
    "set-values",
    release,
    `"${mapped.words}" could be more than one value of ${source.chartRef} ${source.version}: ${mapped.candidates.join(", ")}. Which one do you mean?`,
    mapped.candidates.map((key) => `set ${key}=<value> on ${release.name}`),
  );
}
