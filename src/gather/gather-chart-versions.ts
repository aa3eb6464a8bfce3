// Where a plan's chart versions come from, read as late and as little as possible: the source
// decided first (request, configuration, Wheelhouse's memory, else a search), then either the
// OCI registry's tags or `helm search` over the repository indexes, refreshed when older than
// the TTL, and once more (not in a loop) when the chart or version the plan needs is missing.

import type { RepositoryIndexes } from "../helm/repository-indexes.ts";
import type { OciReference } from "../model/oci-reference.ts";
import { parseOciReference } from "../model/oci-reference.ts";
import type { ReleaseRef, ReleaseSummary } from "../model/release.ts";
import { splitChart } from "../model/release.ts";
import type { ChartSourceRule } from "../plan/chart-source-rules.ts";
import {
  chooseChartSource,
  type RememberedSource,
  type SourceDecision,
} from "../plan/choose-chart-source.ts";
import { explainOciFailure } from "../plan/explain-oci-failure.ts";
import type { SearchHit } from "../plan/find-chart-source.ts";
import type { IndexAge, PlanRefusal } from "../plan/plan-types.ts";
import { codedErrorInfo, refuse } from "../plan/refuse.ts";
import type { OciChart } from "../plan/resolve-upgrade-target.ts";
import { versionsFromOciTags } from "../plan/versions-from-oci-tags.ts";
import { type PlanHelm, searchCharts } from "./plan-helm.ts";

// What makePlan is given to find chart sources; every part optional (tests pass what they use).
export interface ChartSourceDeps {
  rules?: readonly ChartSourceRule[];
  memory?: { recall(release: ReleaseRef): Promise<RememberedSource | null> };
  indexes?: RepositoryIndexes;
  listTags?: (ref: OciReference) => Promise<string[]>;
  // WHEELHOUSE_REGISTRY_CA_FILE: given to helm as --ca-file on OCI charts.
  registryCaFile?: string;
  log?: (line: object) => void;
}

export interface ChartVersions {
  decision: SourceDecision;
  searchHits: SearchHit[];
  ociChart: OciChart | null;
  // Per repository, when its index was fetched; refreshed: why this plan fetched them.
  indexFetchedAt: Record<string, string | null>;
  refreshed: IndexAge["refreshed"];
}

export interface ChartVersionsRequest {
  summary: ReleaseSummary;
  operation: string;
  requestChartRef?: string | undefined;
  now: Date;
  // Whether the search found what the plan needs; false once triggers the one refresh.
  found: (hits: SearchHit[], decision: SourceDecision) => boolean;
}

async function recall(sources: ChartSourceDeps | undefined, release: ReleaseRef) {
  if (!sources?.memory) return null;
  try {
    return await sources.memory.recall(release);
  } catch (error) {
    // Memory only saves a guess: without it the plan searches, and says it assumed.
    sources.log?.({ msg: "chart source memory unavailable", error: codedErrorInfo(error) });
    return null;
  }
}

async function ociVersions(
  sources: ChartSourceDeps | undefined,
  decision: Extract<SourceDecision, { kind: "oci" }>,
  request: ChartVersionsRequest,
): Promise<OciChart | PlanRefusal> {
  const release = { name: request.summary.name, namespace: request.summary.namespace };
  const ref = parseOciReference(decision.chartRef);
  if (ref === null)
    return refuse(
      "invalid_input",
      request.operation,
      release,
      `${decision.chartRef} is not an oci://host/path/chart reference.`,
    );
  if (!sources?.listTags)
    return refuse(
      "registry_refused",
      request.operation,
      release,
      `Wheelhouse was started without an OCI registry client, so ${decision.chartRef} cannot be read.`,
    );
  try {
    const versions = versionsFromOciTags(await sources.listTags(ref));
    return {
      chartRef: decision.chartRef,
      versions,
      basis: decision.basis,
      why: decision.why,
      ...(sources.registryCaFile ? { caFile: sources.registryCaFile } : {}),
    };
  } catch (error) {
    const info = codedErrorInfo(error);
    if (!info.code.startsWith("oci_")) throw error;
    return explainOciFailure(info, request.operation, release, decision.chartRef);
  }
}

// What a chart repository answers (a search, a chart's defaults) is kept while its indexes stay
// the same, so a plan spends no helm process on it before its dry-run can start. OCI charts are
// not: a tag can be pushed again. Each caller gets a copy of its own.
export async function fromRepositories<T>(
  sources: ChartSourceDeps | undefined,
  key: string,
  read: () => Promise<T>,
): Promise<T> {
  const indexes = sources?.indexes;
  if (!indexes?.whileUnchanged || key.includes("oci://")) return read();
  return structuredClone(await indexes.whileUnchanged(key, read));
}

export async function gatherChartVersions(
  helm: PlanHelm,
  sources: ChartSourceDeps | undefined,
  request: ChartVersionsRequest,
): Promise<ChartVersions | PlanRefusal> {
  const { summary } = request;
  const release = { name: summary.name, namespace: summary.namespace };
  const { chartName } = splitChart(summary.chart);
  const decision = chooseChartSource({
    release,
    chartName,
    requestChartRef: request.requestChartRef,
    rules: sources?.rules,
    remembered: await recall(sources, release),
  });
  const none = { decision, searchHits: [], indexFetchedAt: {}, refreshed: null };
  if (decision.kind === "oci") {
    const ociChart = await ociVersions(sources, decision, request);
    return "kind" in ociChart ? ociChart : { ...none, ociChart };
  }
  const indexes = sources?.indexes;
  let refreshed: IndexAge["refreshed"] = (await indexes?.refreshIfStale(request.now))
    ? "ttl"
    : null;
  const search = () =>
    fromRepositories(sources, `search ${chartName}`, () => searchCharts(helm, chartName));
  let searchHits = await search();
  if (indexes && refreshed === null && !request.found(searchHits, decision)) {
    await indexes.refresh();
    refreshed = "not-found";
    searchHits = await search();
  }
  const indexFetchedAt = indexes ? await indexes.fetchedAt() : {};
  return { decision, searchHits, ociChart: null, indexFetchedAt, refreshed };
}
