// planSetValues: change some values and nothing else, an upgrade to the same chart version with
// --reuse-values and --set, with the values diff and the objects it changes.

import type { SetValue } from "../model/helm-operation.ts";
import type { ReleaseSummary } from "../model/release.ts";
import { splitChart } from "../model/release.ts";
import { REDACTED } from "../redact/redacted.ts";
import { secretSetKeys } from "../redact/secret-set-keys.ts";
import { assessRisk } from "./assess-risk.ts";
import type { SourceDecision } from "./choose-chart-source.ts";
import { diffManifests } from "./diff-manifests.ts";
import { diffValues, redactLeaf } from "./diff-values.ts";
import { refuseRejectedDryRun } from "./explain-rejected-upgrade.ts";
import { findChartSource, ociChartSource, type SearchHit } from "./find-chart-source.ts";
import { hooksThatRun } from "./hooks-that-run.ts";
import { describeKeyMappings, type KeyMapping } from "./map-value-words.ts";
import { planBase, serverDryRun } from "./plan-base.ts";
import type { DryRunOutcome, Execution, StatusSnapshot } from "./plan-inputs.ts";
import type { PlanRefusal, SetValuesPlan } from "./plan-types.ts";
import { plannedCommand } from "./planned-command.ts";
import { refuse } from "./refuse.ts";
import { refuseUnreadKeys } from "./refuse-unread-keys.ts";
import { releaseState } from "./release-state.ts";
import type { OciChart } from "./resolve-upgrade-target.ts";
import { assertDryRunOf, upgradeOperation } from "./upgrade-operation.ts";

export interface SetValuesInputs {
  summary: ReleaseSummary;
  status: StatusSnapshot;
  set: Record<string, SetValue>;
  // Words of the request mapped onto the chart's keys (map-value-words.ts), shown in the plan.
  keyMappings?: readonly KeyMapping[] | undefined;
  searchHits: readonly SearchHit[];
  // The source chosen for the release's chart (gatherChartVersions); default: search.
  decision?: SourceDecision | undefined;
  ociChart?: OciChart | null | undefined;
  dryRun: DryRunOutcome;
  helmMajor: 3 | 4;
  execution: Execution;
  now: Date;
}

// The chart a set-values runs: the release's own chart and version, from its repository.
export function setValuesSource(
  summary: ReleaseSummary,
  searchHits: readonly SearchHit[],
  chosen: { decision?: SourceDecision | undefined; ociChart?: OciChart | null | undefined } = {},
): { chartRef: string; version: string; caFile?: string } | PlanRefusal {
  const release = { name: summary.name, namespace: summary.namespace };
  const { chartName, chartVersion } = splitChart(summary.chart);
  const oci = chosen.ociChart;
  const source = oci
    ? ociChartSource(oci.chartRef, oci.versions, oci)
    : findChartSource(searchHits, chartName, chartVersion, chosen.decision);
  if (!source.ok)
    return refuse(
      "chart_not_in_repository",
      "set-values",
      release,
      source.reason,
      source.suggestions,
    );
  if (!source.versions.some((v) => v.version === chartVersion)) {
    const newest = source.versions[0]?.version;
    return refuse(
      "chart_not_in_repository",
      "set-values",
      release,
      `${chartName} ${chartVersion}, the version ${summary.name} runs, is no longer in repository ${source.repository}, so its values cannot be re-applied unchanged.`,
      newest ? [`upgrade ${summary.name} to ${newest} with the new values`] : [],
    );
  }
  return {
    chartRef: source.chartRef,
    version: chartVersion,
    ...(oci?.caFile ? { caFile: oci.caFile } : {}),
  };
}

export function planSetValues(input: SetValuesInputs): SetValuesPlan | PlanRefusal {
  const { summary, status } = input;
  const release = { name: summary.name, namespace: summary.namespace };
  if (Object.keys(input.set).length === 0) {
    return refuse("nothing_to_change", "set-values", release, "No value to set was given.", [
      `set <key>=<value> on ${summary.name}`,
    ]);
  }
  const source = setValuesSource(summary, input.searchHits, input);
  if ("kind" in source) return source;
  const operation = upgradeOperation({
    release,
    ...source,
    strategy: "reuse",
    set: input.set,
    execution: input.execution,
  });
  assertDryRunOf(input.dryRun, operation);
  if (!input.dryRun.ok) {
    return refuseRejectedDryRun(
      input.dryRun.error,
      "set-values",
      release,
      `The dry-run with the new values`,
      [
        "Check the keys and types against the chart's values ('values <release>' shows the current ones).",
      ],
    );
  }
  const state = releaseState(summary, status);
  const valuesDiff = diffValues(status.config ?? {}, input.dryRun.config ?? {});
  const manifestDiff = diffManifests(
    status.manifest ?? "",
    input.dryRun.manifest ?? "",
    release.namespace,
  );
  const unread = refuseUnreadKeys({
    release,
    chart: `${state.chartName} ${source.version}`,
    keys: Object.keys(input.set),
    chartValues: input.dryRun.chartValues,
    manifestDiff,
  });
  if (unread) return unread;
  const secretKeys = secretSetKeys(Object.entries(input.set));
  const sensitive = Object.keys(input.set).filter((k) => secretKeys.has(k));
  const risk = assessRisk({
    operation: "set-values",
    status: state.status,
    statusDescription: state.description,
    manifestDiff,
    hooks: input.dryRun.hooks,
    sensitiveKeysSet: sensitive,
  });
  const command = plannedCommand(operation, input.helmMajor);
  const warnings = [
    ...describeKeyMappings(input.keyMappings ?? []),
    ...(valuesDiff.length === 0
      ? ["The release already has these values: approving changes nothing but the revision number."]
      : []),
  ];
  return {
    ...planBase({
      now: input.now,
      release,
      state,
      command,
      dryRun: serverDryRun(input.dryRun),
      risk,
      warnings,
      recovery: null,
    }),
    operation: "set-values",
    setValues: {
      chartRef: source.chartRef,
      chartVersion: source.version,
      set: Object.fromEntries(
        Object.entries(input.set).map(([k, v]) => [
          k,
          secretKeys.has(k) ? REDACTED : redactLeaf(k, v),
        ]),
      ),
      valuesDiff,
      manifestDiff,
      hooks: hooksThatRun(input.dryRun.hooks, "set-values"),
      ...(input.keyMappings?.length ? { keyMappings: [...input.keyMappings] } : {}),
    },
  };
}
