// The release as a plan shows it: the inventory row (chart, app version) completed by
// `helm status` (revision, status, description), which is fresher.
import type { HelmStatus, ReleaseSummary } from "../model/release.ts";
import { splitChart } from "../model/release.ts";
import { redactText } from "../redact/redact-text.ts";
import type { ReleaseState } from "./plan-types.ts";

export interface StatusFacts {
  version: number;
  info: { status: HelmStatus; description: string; last_deployed?: string | undefined };
}

export function releaseState(summary: ReleaseSummary, status: StatusFacts | null): ReleaseState {
  const { chartName, chartVersion } = splitChart(summary.chart);
  return {
    name: summary.name,
    namespace: summary.namespace,
    chart: summary.chart,
    chartName,
    chartVersion,
    appVersion: summary.app_version,
    revision: status?.version ?? summary.revision,
    status: status?.info.status ?? summary.status,
    updated: status?.info.last_deployed ?? summary.updated,
    // helm's description of a failure can quote what it failed on.
    description: redactText(status?.info.description ?? ""),
  };
}

export function isPending(status: HelmStatus): boolean {
  return status.startsWith("pending-");
}
