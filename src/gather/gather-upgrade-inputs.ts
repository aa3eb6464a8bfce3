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
import type { SearchHit } from "../plan/find-chart-source.ts";
import type { Execution } from "../plan/plan-inputs.ts";
import type { PlanRefusal } from "../plan/plan-types.ts";
import type { UpgradeInputs } from "../plan/plan-upgrade.ts";
import { asDryRun } from "../plan/planned-command.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { type OciChart, resolveUpgradeTarget } from "../plan/resolve-upgrade-target.ts";
import { upgradeOperation } from "../plan/upgrade-operation.ts";
import {
  type ChartSourceDeps,
  type ChartVersions,
  gatherChartVersions,
} from "./gather-chart-versions.ts";
import { gatherUpgradeCrds } from "./gather-upgrade-crds.ts";
import { type PlanHelm, readRunningRelease, runDryRun, started } from "./plan-helm.ts";

export interface UpgradeRequest {
  summary: ReleaseSummary;
  requested: string | null;
  allowPreRelease: boolean;
  // An oci:// chart reference given with the request; otherwise the repositories are searched.
  chartRef?: string | undefined;
  execution: Execution;
  now: Date;
  sources?: ChartSourceDeps | undefined;
}

// Tags carry no appVersion: the target's comes from its chart, read beside the dry-run.
function withAppVersion(oci: OciChart, version: string, appVersion: string): OciChart {
  const versions = oci.versions.map((v) => (v.version === version ? { ...v, appVersion } : v));
  return { ...oci, versions };
}

// A chart or version missing from the indexes is worth one refresh; other refusals are not.
const MISSING = new Set(["chart_not_in_repository", "version_not_found"]);
const refusalCode = (outcome: object) => ("code" in outcome ? String(outcome.code) : null);

export async function gatherUpgradeInputs(
  helm: PlanHelm,
  kube: KubeReader,
  request: UpgradeRequest,
): Promise<UpgradeInputs | PlanRefusal> {
  const { summary } = request;
  const release = { name: summary.name, namespace: summary.namespace };
  const { chartVersion } = splitChart(summary.chart);
  const running = started(
    helm.getManifest
      ? helm.getManifest(release)
      : helm.status(release).then((s) => s.manifest ?? ""),
  );
  const status = started(readRunningRelease(helm, release, running));
  const resolve = (
    searchHits: readonly SearchHit[],
    found: Pick<ChartVersions, "ociChart" | "decision">,
  ) =>
    resolveUpgradeTarget({
      summary,
      searchHits,
      requested: request.requested,
      allowPreRelease: request.allowPreRelease,
      ociChart: found.ociChart,
      decision: found.decision,
    });
  const versions = await gatherChartVersions(helm, request.sources, {
    summary,
    operation: "upgrade",
    requestChartRef: request.chartRef,
    now: request.now,
    found: (hits, decision) => {
      const code = refusalCode(resolve(hits, { ociChart: null, decision }));
      return code === null || !MISSING.has(code);
    },
  });
  if ("kind" in versions) return versions;
  const target = resolve(versions.searchHits, versions);
  if ("kind" in target) return target;
  const caFile = versions.ociChart?.caFile;
  const tls = caFile ? { caFile } : {};
  const dryRunOf = (chartRef: string, version: string, strategy: PlannedValuesStrategy) =>
    runDryRun(
      helm,
      kube,
      asDryRun(
        upgradeOperation({
          release,
          chartRef,
          version,
          strategy,
          execution: request.execution,
          ...tls,
        }),
      ),
      running,
    );
  const currentDefaults = (chartRef: string) =>
    // The current version may be gone from the repository: the planner then says so.
    helm.showValues(chartRef, chartVersion, tls).catch((error: unknown) => {
      if (codedErrorInfo(error).code === "helm_chart_not_found") return null;
      throw error;
    });
  const ociAppVersion = versions.ociChart
    ? started(helm.showChart(target.chartRef, target.version, tls))
    : null;

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
    sameChart ?? rendered ?? (await helm.showValues(target.chartRef, target.version, tls));
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
  const current = snapshot;
  const crdFacts = await gatherUpgradeCrds(kube, {
    currentManifest: current.manifest ?? "",
    dryRun,
    namespace: release.namespace,
  });
  return {
    crdFacts,
    summary,
    status: current,
    requested: request.requested,
    allowPreRelease: request.allowPreRelease,
    searchHits: versions.searchHits,
    ociChart:
      versions.ociChart && ociAppVersion
        ? withAppVersion(versions.ociChart, target.version, (await ociAppVersion).appVersion ?? "")
        : null,
    chartSource: {
      decision: versions.decision,
      indexFetchedAt: versions.indexFetchedAt,
      refreshed: versions.refreshed,
    },
    oldDefaults,
    newDefaults,
    dryRun,
    helmMajor: helm.major,
    execution: request.execution,
    now: request.now,
  };
}
