// Which configured repository a release's chart comes from. Helm does not record it, so this is
// an assumption made visible in the plan: the repository that has a chart of the same name,
// preferring one that still has the release's current version.
import type { AvailableVersion } from "./choose-target-version.ts";

export interface SearchHit {
  // "repo/chart", as `helm search repo` prints it.
  name: string;
  version: string;
  app_version: string;
}

export type ChartSource =
  | { ok: true; repository: string; chartRef: string; versions: AvailableVersion[]; note: string }
  | { ok: false; reason: string; suggestions: string[] };

export function findChartSource(
  hits: readonly SearchHit[],
  chartName: string,
  currentVersion: string,
): ChartSource {
  const byRepo = new Map<string, AvailableVersion[]>();
  for (const hit of hits) {
    const slash = hit.name.indexOf("/");
    if (slash < 0 || hit.name.slice(slash + 1) !== chartName) continue;
    const repo = hit.name.slice(0, slash);
    const versions = byRepo.get(repo) ?? [];
    versions.push({ version: hit.version, appVersion: hit.app_version });
    byRepo.set(repo, versions);
  }
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
      ? `; ${others.join(", ")} also ${others.length === 1 ? "has" : "have"} ${chartName}`
      : "";
  return {
    ok: true,
    repository,
    chartRef: `${repository}/${chartName}`,
    versions: byRepo.get(repository) ?? [],
    note: `helm does not record where a chart came from: repository ${repository} is assumed because ${why}${also}.`,
  };
}

// An OCI chart cannot be searched; `helm show chart` names the one version it resolves to.
export function ociChartSource(chartRef: string, version: string, appVersion: string): ChartSource {
  return {
    ok: true,
    repository: chartRef.replace(/\/[^/]+$/, ""),
    chartRef,
    versions: [{ version, appVersion }],
    note: `${chartRef} is an OCI reference given with the request; OCI registries list no versions to helm, so only ${version} is known.`,
  };
}
