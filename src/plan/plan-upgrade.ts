// planUpgrade: the release's state, the chart versions, the values handling, the dry-run and
// the risk of moving a release to another chart version. Pure: gather/ reads, this decides.

import type { ReleaseSummary } from "../model/release.ts";
import { redactText } from "../redact/redact-text.ts";
import { redactValues } from "../redact/redact-values.ts";
import { assessRisk } from "./assess-risk.ts";
import type { SourceDecision } from "./choose-chart-source.ts";
import { chooseValuesStrategy } from "./choose-values-strategy.ts";
import { classifyVersionChange, isPreRelease } from "./compare-versions.ts";
import { type ChartDefaultsDiff, diffChartDefaults } from "./diff-chart-defaults.ts";
import { diffManifests } from "./diff-manifests.ts";
import { explainRejectedUpgrade } from "./explain-rejected-upgrade.ts";
import type { SearchHit } from "./find-chart-source.ts";
import { describeUpgradeCrds, type UpgradeCrdFacts } from "./find-upgrade-crd-changes.ts";
import { hooksThatRun } from "./hooks-that-run.ts";
import { planBase, serverDryRun } from "./plan-base.ts";
import type { DryRunOutcome, Execution, StatusSnapshot } from "./plan-inputs.ts";
import type { IndexAge, PlanRefusal, UpgradePlan } from "./plan-types.ts";
import { plannedCommand } from "./planned-command.ts";
import { releaseState } from "./release-state.ts";
import { type OciChart, resolveUpgradeTarget } from "./resolve-upgrade-target.ts";
import { assertDryRunOf, upgradeOperation } from "./upgrade-operation.ts";

export interface UpgradeInputs {
  summary: ReleaseSummary;
  status: StatusSnapshot;
  requested: string | null;
  allowPreRelease: boolean;
  searchHits: readonly SearchHit[];
  ociChart?: OciChart | null;
  // How the source was chosen and how old the indexes searched were (gatherChartVersions).
  chartSource?: {
    decision: SourceDecision;
    indexFetchedAt: Record<string, string | null>;
    refreshed: IndexAge["refreshed"];
  };
  // null when the release's current version is no longer in the repository.
  oldDefaults: Record<string, unknown> | null;
  newDefaults: Record<string, unknown>;
  dryRun: DryRunOutcome;
  // CRDs the upgrade does not install or would delete (gatherUpgradeCrds); null: none involved.
  crdFacts?: UpgradeCrdFacts | null;
  helmMajor: 3 | 4;
  execution: Execution;
  now: Date;
}

const MAX_VERSIONS_SHOWN = 20;
const NO_DEFAULTS_DIFF: ChartDefaultsDiff = { defaultChanges: [], renamedKeys: [], userKeys: [] };

export function planUpgrade(input: UpgradeInputs): UpgradePlan | PlanRefusal {
  const { summary, status } = input;
  const release = { name: summary.name, namespace: summary.namespace };
  const target = resolveUpgradeTarget({
    summary,
    searchHits: input.searchHits,
    requested: input.requested,
    allowPreRelease: input.allowPreRelease,
    ociChart: input.ociChart ?? null,
    decision: input.chartSource?.decision,
  });
  if ("kind" in target) return target;
  const caFile = input.ociChart?.caFile;

  const values = chooseValuesStrategy({
    fromVersion: target.fromVersion,
    toVersion: target.version,
    oldDefaults: input.oldDefaults,
    newDefaults: input.newDefaults,
  });
  const operation = upgradeOperation({
    release,
    chartRef: target.chartRef,
    version: target.version,
    strategy: values.strategy,
    execution: input.execution,
    caFile,
  });
  assertDryRunOf(input.dryRun, operation);
  const userValues = status.config ?? {};
  const defaults =
    input.oldDefaults === null
      ? NO_DEFAULTS_DIFF
      : diffChartDefaults(input.oldDefaults, input.newDefaults, userValues);
  const state = releaseState(summary, status);
  if (!input.dryRun.ok) {
    return explainRejectedUpgrade({
      release,
      chartName: state.chartName,
      target,
      error: input.dryRun.error,
      userKeys: defaults.userKeys,
    });
  }

  const manifestDiff = diffManifests(
    status.manifest ?? "",
    input.dryRun.manifest ?? "",
    release.namespace,
  );
  const crdChanges = describeUpgradeCrds(input.crdFacts ?? { missing: [], dropped: [] }, target);
  const versionChange = classifyVersionChange(target.fromVersion, target.version);
  const targetIsPreRelease = isPreRelease(target.version);
  const risk = assessRisk({
    operation: "upgrade",
    status: state.status,
    statusDescription: state.description,
    versionChange,
    fromVersion: target.fromVersion,
    toVersion: target.version,
    targetIsPreRelease,
    manifestDiff,
    userKeys: defaults.userKeys,
    hooks: input.dryRun.hooks,
    crds: crdChanges.crds,
  });
  const warnings: string[] = [];
  if (versionChange === "major") {
    warnings.push(
      `${target.version} is a new major version of ${state.chartName} (from ${target.fromVersion}): read its release notes before approving.`,
    );
  }
  if (targetIsPreRelease) warnings.push(`${target.version} is a pre-release.`);
  const deprecation = deprecationWarning(state.chartName, target.version, input.dryRun);
  if (deprecation) warnings.push(deprecation);
  warnings.push(...crdChanges.warnings);
  if (input.oldDefaults === null) {
    warnings.push(
      `The ${target.fromVersion} chart is not in the repository, so its default values could not be compared.`,
    );
  }
  if (state.status === "failed")
    warnings.push(`The release is failed now: ${state.description.split("\n")[0]}`);

  const command = plannedCommand(operation, input.helmMajor);
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
    operation: "upgrade",
    upgrade: {
      repository: target.repository,
      chartRef: target.chartRef,
      repositoryNote: target.repositoryNote,
      sourceBasis: target.basis,
      index: indexAge(input, target.repository),
      availableVersions: target.versions.slice(0, MAX_VERSIONS_SHOWN).map((v) => ({
        chartVersion: v.version,
        appVersion: v.appVersion,
        preRelease: isPreRelease(v.version),
      })),
      from: { chartVersion: target.fromVersion, appVersion: state.appVersion },
      to: { chartVersion: target.version, appVersion: target.appVersion },
      targetReason: target.reason,
      versionChange,
      values: {
        strategy: values.strategy,
        reason: values.reason,
        userValues: toRecord(redactValues(userValues)),
        userKeys: defaults.userKeys,
        renamedKeys: defaults.renamedKeys,
        defaultChanges: defaults.defaultChanges,
      },
      manifestDiff,
      crds: crdChanges.crds,
      hooks: hooksThatRun(input.dryRun.hooks, "upgrade"),
    },
  };
}

// Deprecated charts often moved: their description says where ("moved to oci://…").
function deprecationWarning(chart: string, version: string, dryRun: DryRunOutcome): string | null {
  if (!dryRun.ok || !dryRun.targetChart?.deprecated) return null;
  const said = redactText(dryRun.targetChart.description?.trim() ?? "");
  const where = said === "" ? "" : ` Its description says: "${said.slice(0, 200)}".`;
  return `${chart} ${version} is marked deprecated by its maintainers (Chart.yaml): it gets no more fixes from this repository, and newer versions may be published elsewhere.${where}`;
}

// null for OCI charts (their tags were read live) and plans made without index information.
function indexAge(input: UpgradeInputs, repository: string): IndexAge | null {
  const source = input.chartSource;
  if (input.ociChart || !source || !(repository in source.indexFetchedAt)) return null;
  const fetchedAt = source.indexFetchedAt[repository] ?? null;
  const ageSeconds =
    fetchedAt === null
      ? null
      : Math.max(0, Math.round((input.now.getTime() - Date.parse(fetchedAt)) / 1000));
  return { repository, fetchedAt, ageSeconds, refreshed: source.refreshed };
}

function toRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : {};
}
