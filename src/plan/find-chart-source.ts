// Which repository a release's chart comes from. Helm does not record it, so unless the request,
// the configuration or Wheelhouse's memory names one (chooseChartSource), this is an assumption
// made visible in the plan: the repository that has a chart of the same name, preferring one
// that still has the release's current version.

import type { SourceBasis, SourceDecision } from "./choose-chart-source.ts";
import type { AvailableVersion } from "./choose-target-version.ts";

export interface SearchHit {
  // "repo/chart", as `helm search repo` prints it.
  name: string;
  version: string;
  app_version: string;
}

export type ChartSource =
  | {
      ok: true;
      repository: string;
      chartRef: string;
      versions: AvailableVersion[];
      note: string;
      basis: SourceBasis;
    }
  | { ok: false; reason: string; suggestions: string[] };

function byRepository(hits: readonly SearchHit[], chartName: string) {
  const byRepo = new Map<string, AvailableVersion[]>();
  for (const hit of hits) {
    const slash = hit.name.indexOf("/");
    if (slash < 0 || hit.name.slice(slash + 1) !== chartName) continue;
    const repo = hit.name.slice(0, slash);
    const versions = byRepo.get(repo) ?? [];
    versions.push({ version: hit.version, appVersion: hit.app_version });
    byRepo.set(repo, versions);
  }
  return byRepo;
}

// The repository the request, configuration or memory named: it must have the chart.
function namedRepository(
  byRepo: Map<string, AvailableVersion[]>,
  chartName: string,
  decision: Extract<SourceDecision, { kind: "repository" }> & { repository: string },
): ChartSource {
  const { repository } = decision;
  const versions = byRepo.get(repository);
  if (!versions) {
    const others = [...byRepo.keys()].sort();
    return {
      ok: false,
      reason: `Repository ${repository} was chosen because ${decision.why}, but it has no chart named ${chartName}.`,
      suggestions: [
        ...(others.length > 0 ? [`${chartName} is in: ${others.join(", ")}`] : []),
        `Check that ${repository} is in repositories.yaml (helm repo add ${repository} <url>) or fix WHEELHOUSE_CHART_SOURCES`,
      ],
    };
  }
  const others = [...byRepo.keys()].filter((r) => r !== repository).sort();
  const also = others.length > 0 ? ` (${others.join(", ")} also carry ${chartName})` : "";
  return {
    ok: true,
    repository,
    chartRef: `${repository}/${chartName}`,
    versions,
    note: `repository ${repository} is used because ${decision.why}${also}.`,
    basis: decision.basis,
  };
}

export function findChartSource(
  hits: readonly SearchHit[],
  chartName: string,
  currentVersion: string,
  decision?: SourceDecision,
): ChartSource {
  const byRepo = byRepository(hits, chartName);
  if (decision?.kind === "repository" && decision.repository !== null)
    return namedRepository(byRepo, chartName, { ...decision, repository: decision.repository });
  if (byRepo.size === 0) {
    return {
      ok: false,
      reason: `No configured chart repository has a chart named ${chartName}.`,
      suggestions: [
        `Add the repository the release was installed from: helm repo add <name> <url> && helm repo update`,
        `For an OCI chart, name it in the request: --chart oci://<registry>/<path>/${chartName}`,
      ],
    };
  }
  const repos = [...byRepo.keys()].sort();
  const withCurrent = repos.filter((r) => byRepo.get(r)?.some((v) => v.version === currentVersion));
  const repository = withCurrent[0] ?? repos[0] ?? "";
  const others = repos.filter((r) => r !== repository);
  const why =
    withCurrent.length > 0
      ? `it has ${chartName} ${currentVersion}, the version the release runs`
      : `it has a chart named ${chartName} (the release's version ${currentVersion} is not in it)`;
  const also =
    others.length > 0
      ? `; ${others.join(", ")} also ${others.length === 1 ? "has" : "have"} ${chartName} (WHEELHOUSE_CHART_SOURCES can name the right one)`
      : "";
  return {
    ok: true,
    repository,
    chartRef: `${repository}/${chartName}`,
    versions: byRepo.get(repository) ?? [],
    note: `helm does not record where a chart came from: repository ${repository} is assumed because ${why}${also}.`,
    basis: "search",
  };
}

// An OCI chart: its versions are the registry's tags (versionsFromOciTags).
export function ociChartSource(
  chartRef: string,
  versions: AvailableVersion[],
  decision: Pick<SourceDecision, "basis" | "why">,
): ChartSource {
  return {
    ok: true,
    repository: chartRef.replace(/\/[^/]+$/, ""),
    chartRef,
    versions,
    note: `${chartRef} is used because ${decision.why}; its versions are the registry's tags, read when the plan was made.`,
    basis: decision.basis,
  };
}
