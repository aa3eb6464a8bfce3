// Everything planUpgrade needs, read with as few helm processes as possible and all at once:
// status runs beside search; as soon as search names the chart and version, the current chart's
// default values and the dry-run start together, and the dry-run's output gives the target's
// defaults. The dry-run uses the predicted values strategy and is repeated only when the
// defaults prove the prediction wrong.
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { ReleaseSummary } from "../model/release.ts";
import { splitChart } from "../model/release.ts";
import {
  chooseValuesStrategy,
  type PlannedValuesStrategy,
  predictValuesStrategy,
} from "../plan/choose-values-strategy.ts";
import type { Execution } from "../plan/plan-inputs.ts";
import type { PlanRefusal } from "../plan/plan-types.ts";
import type { UpgradeInputs } from "../plan/plan-upgrade.ts";
import { asDryRun } from "../plan/planned-command.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { resolveUpgradeTarget } from "../plan/resolve-upgrade-target.ts";
import { upgradeOperation } from "../plan/upgrade-operation.ts";
import { type PlanHelm, runDryRun, searchCharts, started, statusSnapshot } from "./plan-helm.ts";

export interface UpgradeRequest {
  summary: ReleaseSummary;
  requested: string | null;
  allowPreRelease: boolean;
  // An oci:// chart reference given with the request; otherwise the repositories are searched.
  chartRef?: string | undefined;
  execution: Execution;
  now: Date;
}

async function ociChart(helm: PlanHelm, chartRef: string, requested: string | null) {
  const version = requested === null || requested === "latest" ? undefined : requested;
  const chart = await helm.showChart(chartRef, version);
  return { chartRef, version: chart.version, appVersion: chart.appVersion ?? "" };
}

export async function gatherUpgradeInputs(
  helm: PlanHelm,
  kube: KubeReader,
  request: UpgradeRequest,
): Promise<UpgradeInputs | PlanRefusal> {
  const { summary } = request;
  const release = { name: summary.name, namespace: summary.namespace };
  const { chartName, chartVersion } = splitChart(summary.chart);
  const dryRunOf = (chartRef: string, version: string, strategy: PlannedValuesStrategy) =>
    runDryRun(
      helm,
      kube,
      asDryRun(
        upgradeOperation({ release, chartRef, version, strategy, execution: request.execution }),
      ),
    );
  const currentDefaults = (chartRef: string) =>
    // The current version may be gone from the repository: the planner then says so.
    helm.showValues(chartRef, chartVersion).catch((error: unknown) => {
      if (codedErrorInfo(error).code === "helm_chart_not_found") return null;
      throw error;
    });

  const status = started(helm.status(release));
  const oci = request.chartRef?.startsWith("oci://")
    ? await ociChart(helm, request.chartRef, request.requested)
    : null;
  const searchHits = oci ? [] : await searchCharts(helm, chartName);
  const target = resolveUpgradeTarget({
    summary,
    searchHits,
    requested: request.requested,
    allowPreRelease: request.allowPreRelease,
    ociChart: oci,
  });
  if ("kind" in target) return target;

  const predicted = predictValuesStrategy(chartVersion, target.version);
  const [snapshot, oldDefaults, firstDryRun] = await Promise.all([
    status,
    currentDefaults(target.chartRef),
    dryRunOf(target.chartRef, target.version, predicted),
  ]);
  // The target's defaults without another helm process: the same chart when the version stays,
  // else what the dry-run rendered with (--reset-then-reuse-values leaves them untouched).
  const rendered =
    firstDryRun.ok && predicted === "reset-then-reuse" ? (firstDryRun.chartValues ?? null) : null;
  const sameChart = chartVersion === target.version ? oldDefaults : null;
  const newDefaults =
    sameChart ?? rendered ?? (await helm.showValues(target.chartRef, target.version));
  const { strategy } = chooseValuesStrategy({
    fromVersion: chartVersion,
    toVersion: target.version,
    oldDefaults,
    newDefaults,
  });
  const dryRun =
    strategy === predicted
      ? firstDryRun
      : await dryRunOf(target.chartRef, target.version, strategy);
  return {
    summary,
    status: statusSnapshot(snapshot),
    requested: request.requested,
    allowPreRelease: request.allowPreRelease,
    searchHits,
    ociChart: oci,
    oldDefaults,
    newDefaults,
    dryRun,
    helmMajor: helm.major,
    execution: request.execution,
    now: request.now,
  };
}
