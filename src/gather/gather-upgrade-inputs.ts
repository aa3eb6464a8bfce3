// Everything planUpgrade needs, read with as few helm processes as possible and all at once.
// The chart's versions come first (from the repository indexes, kept while they are unchanged,
// so usually without a helm process); then the dry-run starts, and beside it the running
// release's values, manifest and last history entry, and the current chart's default values.
// The dry-run's output gives the target's defaults. It uses the predicted values strategy and
// is repeated only when the defaults prove the prediction wrong.
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { ReleaseSummary } from "../model/release.ts";
import { splitChart } from "../model/release.ts";
import {
  chooseValuesStrategy,
  type PlannedValuesStrategy,
  predictValuesStrategy,
} from "../plan/choose-values-strategy.ts";
import type { SearchHit } from "../plan/find-chart-source.ts";
import { parseManifest } from "../plan/parse-manifest.ts";
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
  fromRepositories,
  gatherChartVersions,
} from "./gather-chart-versions.ts";
import { gatherUpgradeCrds } from "./gather-upgrade-crds.ts";
import {
  type PlanHelm,
  readRunningRelease,
  rememberReleaseSize,
  runDryRun,
  started,
} from "./plan-helm.ts";

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
      runningManifest.promise,
    );
  const defaultsOf = (chartRef: string, version: string) =>
    fromRepositories(request.sources, `show-values ${chartRef} ${version} ${caFile ?? ""}`, () =>
      helm.showValues(chartRef, version, tls),
    );
  const currentDefaults = (chartRef: string) =>
    // The current version may be gone from the repository: the planner then says so.
    defaultsOf(chartRef, chartVersion).catch((error: unknown) => {
      if (codedErrorInfo(error).code === "helm_chart_not_found") return null;
      throw error;
    });
  // The dry-run is the plan's critical path: its helm starts first, everything else beside it.
  const runningManifest = Promise.withResolvers<string>();
  started(runningManifest.promise);
  const predicted = predictValuesStrategy(chartVersion, target.version);
  const dryRunning = started(dryRunOf(target.chartRef, target.version, predicted));
  const { manifest: running, status } = readRunningRelease(helm, release);
  running.then(runningManifest.resolve, runningManifest.reject);
  // Parsed while helm renders: the plan reads the running manifest in several places after.
  running
    .then((text) =>
      rememberReleaseSize(release, parseManifest(text, release.namespace).objects.length),
    )
    .catch(() => undefined);
  const ociAppVersion = versions.ociChart
    ? started(helm.showChart(target.chartRef, target.version, tls))
    : null;
  const [snapshot, oldDefaults, firstDryRun] = await Promise.all([
    status,
    currentDefaults(target.chartRef),
    dryRunning,
  ]);
  // The target's defaults without another helm process: the same chart when the version stays,
  // else what the dry-run rendered with (--reset-then-reuse-values leaves them untouched).
  const rendered =
    firstDryRun.ok && predicted === "reset-then-reuse" ? (firstDryRun.chartValues ?? null) : null;
  const sameChart = chartVersion === target.version ? oldDefaults : null;
  const newDefaults = sameChart ?? rendered ?? (await defaultsOf(target.chartRef, target.version));
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
