// The first half of an upgrade plan, decided from the inventory and `helm search` alone, so the
// dry-run can start before anything else is known: which repository, which version.
import type { ReleaseSummary } from "../model/release.ts";
import { splitChart } from "../model/release.ts";
import type { SourceBasis, SourceDecision } from "./choose-chart-source.ts";
import { type AvailableVersion, chooseTargetVersion } from "./choose-target-version.ts";
import { compareVersions, isPreRelease } from "./compare-versions.ts";
import { findChartSource, ociChartSource, type SearchHit } from "./find-chart-source.ts";
import type { PlanRefusal } from "./plan-types.ts";
import { refuse } from "./refuse.ts";

export interface UpgradeTarget {
  repository: string;
  chartRef: string;
  repositoryNote: string;
  basis: SourceBasis;
  versions: AvailableVersion[];
  fromVersion: string;
  version: string;
  appVersion: string;
  reason: string;
}

// "upgrade web to 2.1.0-rc.1" asks for a pre-release by naming it; so does the word itself.
export function asksForPreRelease(requested: string | null, text = ""): boolean {
  if (requested !== null && requested !== "latest" && isPreRelease(requested)) return true;
  return /\b(pre-?releases?|release candidates?|rc|beta|alpha|devel)\b/i.test(text);
}

export interface OciChart {
  chartRef: string;
  versions: AvailableVersion[];
  basis: SourceBasis;
  why: string;
  // The CA bundle helm verifies the registry with (--ca-file), when one is configured.
  caFile?: string | undefined;
}

export function resolveUpgradeTarget(input: {
  summary: ReleaseSummary;
  searchHits: readonly SearchHit[];
  requested: string | null;
  allowPreRelease: boolean;
  // An OCI chart (from the request, the configuration or memory) and its versions from the tags.
  ociChart?: OciChart | null;
  // Where to look when it is not OCI; default: search every repository.
  decision?: SourceDecision | undefined;
  operation?: string;
}): UpgradeTarget | PlanRefusal {
  const { summary } = input;
  const operation = input.operation ?? "upgrade";
  const release = { name: summary.name, namespace: summary.namespace };
  const { chartName, chartVersion } = splitChart(summary.chart);
  const oci = input.ociChart;
  const source = oci
    ? ociChartSource(oci.chartRef, oci.versions, oci)
    : findChartSource(input.searchHits, chartName, chartVersion, input.decision);
  if (!source.ok)
    return refuse("chart_not_in_repository", operation, release, source.reason, source.suggestions);
  const choice = chooseTargetVersion({
    available: source.versions,
    requested: input.requested,
    allowPreRelease: input.allowPreRelease,
  });
  if (!choice.ok) {
    const nearest = choice.nearest.map((v) => `upgrade ${summary.name} to ${v}`);
    const missing = {
      version: `no version ${input.requested}`,
      match: `no version matching ${input.requested}`,
      stable: "no stable version",
    }[choice.missing];
    return refuse(
      "version_not_found",
      operation,
      release,
      `${chartName} has ${missing} in repository ${source.repository}.`,
      nearest,
    );
  }
  // Upgrading a failed release to its own version is how a failed upgrade is retried.
  if (choice.version === chartVersion && summary.status !== "failed") {
    const newerPre = source.versions
      .filter((v) => isPreRelease(v.version) && compareVersions(v.version, chartVersion) > 0)
      .map((v) => `upgrade ${summary.name} to ${v.version} (a pre-release)`);
    return refuse(
      "already_at_version",
      operation,
      release,
      `${summary.name} already runs ${chartName} ${chartVersion} (${choice.reason}).`,
      [
        ...newerPre.slice(0, 1),
        `To change its configuration instead: 'set <key>=<value> on ${summary.name}'`,
      ],
    );
  }
  return {
    repository: source.repository,
    chartRef: source.chartRef,
    repositoryNote: source.note,
    basis: source.basis,
    versions: source.versions,
    fromVersion: chartVersion,
    version: choice.version,
    appVersion: choice.appVersion,
    reason:
      choice.version === chartVersion
        ? `${choice.reason}; it retries the failed ${chartVersion}`
        : choice.reason,
  };
}
