// Where a release's chart is looked up, and why: helm does not record where a chart came from.
// In order: a chart named with the request, the configuration (a release rule, then a chart
// rule), what Wheelhouse itself last upgraded the release from, else every configured
// repository is searched and findChartSource assumes one. Pure.
import { ociChartRef } from "../model/oci-reference.ts";
import type { ReleaseRef } from "../model/release.ts";
import { type ChartSourceRule, describeRuleKey } from "./chart-source-rules.ts";

export type SourceBasis = "request" | "config" | "remembered" | "search";

export type SourceDecision =
  | { kind: "oci"; chartRef: string; basis: SourceBasis; why: string }
  // repository null: search every configured repository.
  | { kind: "repository"; repository: string | null; basis: SourceBasis; why: string };

// What the worker recorded after it upgraded the release (src/store/chart-source-memory.ts).
export interface RememberedSource {
  chartRef: string;
  chartVersion: string;
  at: string;
}

export interface SourceQuestion {
  release: ReleaseRef;
  chartName: string;
  requestChartRef?: string | null | undefined;
  rules?: readonly ChartSourceRule[] | undefined;
  remembered?: RememberedSource | null | undefined;
}

function ruleFor(q: SourceQuestion): ChartSourceRule | undefined {
  const rules = q.rules ?? [];
  const { name, namespace } = q.release;
  return (
    rules.find(
      (r) =>
        "release" in r.match &&
        r.match.release.name === name &&
        r.match.release.namespace === namespace,
    ) ?? rules.find((r) => "chart" in r.match && r.match.chart === q.chartName)
  );
}

// "fixtures/webapp" -> fixtures; "oci://host/charts/webapp" stays whole. null: another chart.
function rememberedDecision(q: SourceQuestion): SourceDecision | null {
  const memory = q.remembered;
  if (!memory) return null;
  const why = `Wheelhouse upgraded it from there last (${memory.chartVersion}, ${memory.at.slice(0, 10)})`;
  if (memory.chartRef.startsWith("oci://")) {
    if (!memory.chartRef.endsWith(`/${q.chartName}`)) return null;
    return { kind: "oci", chartRef: memory.chartRef, basis: "remembered", why };
  }
  const [repository, chart, ...rest] = memory.chartRef.split("/");
  if (!repository || chart !== q.chartName || rest.length > 0) return null;
  return { kind: "repository", repository, basis: "remembered", why };
}

export function chooseChartSource(q: SourceQuestion): SourceDecision {
  if (q.requestChartRef)
    return {
      kind: "oci",
      chartRef: q.requestChartRef,
      basis: "request",
      why: "it was named with the request",
    };
  const rule = ruleFor(q);
  if (rule) {
    const why = `the configuration (WHEELHOUSE_CHART_SOURCES) maps ${describeRuleKey(rule)} to it`;
    return rule.source.kind === "oci"
      ? {
          kind: "oci",
          chartRef: ociChartRef(rule.source.prefix, q.chartName),
          basis: "config",
          why,
        }
      : { kind: "repository", repository: rule.source.name, basis: "config", why };
  }
  return (
    rememberedDecision(q) ?? {
      kind: "repository",
      repository: null,
      basis: "search",
      why: "no configuration or earlier upgrade names one",
    }
  );
}
