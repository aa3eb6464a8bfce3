// Everything planSetValues needs: status beside search, then the dry-run of the same chart
// version with --reuse-values and the new --set values.

import type { KubeReader } from "../kube/kubectl-client.ts";
import type { SetValue } from "../model/helm-operation.ts";
import type { ReleaseSummary } from "../model/release.ts";
import type { Execution } from "../plan/plan-inputs.ts";
import { type SetValuesInputs, setValuesSource } from "../plan/plan-set-values.ts";
import type { PlanRefusal } from "../plan/plan-types.ts";
import { asDryRun } from "../plan/planned-command.ts";
import { upgradeOperation } from "../plan/upgrade-operation.ts";
import { type ChartSourceDeps, gatherChartVersions } from "./gather-chart-versions.ts";
import { mapSetToChart } from "./map-set-to-chart.ts";
import { type PlanHelm, runDryRun, started, statusSnapshot } from "./plan-helm.ts";

export interface SetValuesRequest {
  summary: ReleaseSummary;
  set: Record<string, SetValue>;
  execution: Execution;
  now: Date;
  sources?: ChartSourceDeps | undefined;
}

export async function gatherSetValuesInputs(
  helm: PlanHelm,
  kube: KubeReader,
  request: SetValuesRequest,
): Promise<SetValuesInputs | PlanRefusal> {
  const { summary } = request;
  const release = { name: summary.name, namespace: summary.namespace };
  const status = started(helm.status(release));
  const versions = await gatherChartVersions(helm, request.sources, {
    summary,
    operation: "set-values",
    now: request.now,
    found: (hits, decision) => !("kind" in setValuesSource(summary, hits, { decision })),
  });
  if ("kind" in versions) return versions;
  const { searchHits, decision, ociChart } = versions;
  const source = setValuesSource(summary, searchHits, { decision, ociChart });
  if ("kind" in source) return source;
  const mapped = await mapSetToChart(helm, release, source, request.set);
  if ("kind" in mapped) return mapped;
  const operation = upgradeOperation({
    release,
    ...source,
    strategy: "reuse",
    set: mapped.set,
    execution: request.execution,
  });
  const [snapshot, dryRun] = await Promise.all([
    status,
    runDryRun(
      helm,
      kube,
      asDryRun(operation),
      status.then((s) => s.manifest ?? ""),
    ),
  ]);
  return {
    summary,
    status: statusSnapshot(snapshot),
    set: mapped.set,
    keyMappings: mapped.mappings,
    searchHits,
    decision,
    ociChart,
    dryRun,
    helmMajor: helm.major,
    execution: request.execution,
    now: request.now,
  };
}
