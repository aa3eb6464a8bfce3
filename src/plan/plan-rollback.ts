// planRollback: the history, the revision to go back to and why, what changes (chart, values,
// objects) and the dry-run. Also the body of a stuck release's recovery plan.

import type { MutatingHelmOperation } from "../model/helm-operation.ts";
import type { ReleaseRef, ReleaseSummary } from "../model/release.ts";
import { splitChart } from "../model/release.ts";
import { redactText } from "../redact/redact-text.ts";
import { assessRisk } from "./assess-risk.ts";
import { chooseRollbackTarget, type RollbackTargetChoice } from "./choose-rollback-target.ts";
import { diffManifests } from "./diff-manifests.ts";
import { diffValues } from "./diff-values.ts";
import { refuseRejectedDryRun } from "./explain-rejected-upgrade.ts";
import { planBase } from "./plan-base.ts";
import type { DryRunOutcome, Execution, StatusSnapshot } from "./plan-inputs.ts";
import type { HistoryRow, PlanRefusal, Recovery, RollbackPlan } from "./plan-types.ts";
import { plannedCommand } from "./planned-command.ts";
import { refuse } from "./refuse.ts";
import { releaseState } from "./release-state.ts";
import { assertDryRunOf } from "./upgrade-operation.ts";

export interface RollbackInputs {
  summary: ReleaseSummary;
  status: StatusSnapshot;
  history: readonly HistoryRow[];
  requested: number | null;
  // `helm status --revision <target>`: the values and manifest the rollback brings back.
  targetStatus: StatusSnapshot;
  dryRun: DryRunOutcome;
  helmMajor: 3 | 4;
  execution: Execution;
  now: Date;
  recovery?: Recovery | null;
}

export function rollbackOperation(
  release: ReleaseRef,
  revision: number,
  execution: Execution,
): MutatingHelmOperation {
  return {
    kind: "rollback",
    release: { name: release.name, namespace: release.namespace },
    revision,
    ...(execution.wait ? { wait: true } : {}),
    timeoutSeconds: execution.timeoutSeconds,
  };
}

// The revision to go back to, or why there is none; gather asks before it reads the target.
export function rollbackTarget(
  summary: ReleaseSummary,
  history: readonly HistoryRow[],
  requested: number | null,
): Extract<RollbackTargetChoice, { ok: true }> | PlanRefusal {
  const choice = chooseRollbackTarget(history, requested, summary.name);
  if (choice.ok) return choice;
  const release = { name: summary.name, namespace: summary.namespace };
  return refuse("no_rollback_target", "rollback", release, choice.reason, choice.suggestions);
}

function simulatedOnly(helmMajor: 3 | 4, accepted: number | null): string[] {
  if (helmMajor === 4) return [];
  const checked =
    accepted === null
      ? ": nothing was checked by the API server"
      : "; the API server checked the objects it brings back";
  return [`helm 3 only simulates a rollback in its dry-run${checked}.`];
}

export function planRollback(input: RollbackInputs): RollbackPlan | PlanRefusal {
  const { summary, status } = input;
  const release = { name: summary.name, namespace: summary.namespace };
  const choice = rollbackTarget(summary, input.history, input.requested);
  if ("kind" in choice) return choice;
  const operation = rollbackOperation(release, choice.target.revision, input.execution);
  assertDryRunOf(input.dryRun, operation);
  if (!input.dryRun.ok) {
    return refuseRejectedDryRun(
      input.dryRun.error,
      "rollback",
      release,
      `The dry-run of the rollback to revision ${choice.target.revision}`,
      [`Look at the history ('history ${summary.name}') and pick another revision.`],
    );
  }
  const state = releaseState(summary, status);
  const current = [...input.history].sort((a, b) => b.revision - a.revision)[0];
  const manifestDiff = diffManifests(
    status.manifest ?? "",
    input.targetStatus.manifest ?? "",
    release.namespace,
  );
  const valuesDiff = diffValues(status.config ?? {}, input.targetStatus.config ?? {});
  const risk = assessRisk({
    operation: "rollback",
    status: state.status,
    statusDescription: state.description,
    manifestDiff,
    recovery: Boolean(input.recovery),
    rollbackTo: choice.target.revision,
  });
  const command = plannedCommand(operation, input.helmMajor);
  const from = splitChart(current?.chart ?? state.chart);
  const to = splitChart(choice.target.chart);
  return {
    ...planBase({
      now: input.now,
      release,
      state,
      command,
      dryRun: {
        mode: input.helmMajor === 4 ? "server" : "client",
        summary: input.dryRun.summary,
        apiServerAccepted: input.dryRun.apiServerAccepted,
      },
      risk,
      warnings: [
        ...choice.warnings,
        ...simulatedOnly(input.helmMajor, input.dryRun.apiServerAccepted),
      ],
      recovery: input.recovery ?? null,
    }),
    operation: "rollback",
    rollback: {
      history: [...input.history]
        .sort((a, b) => b.revision - a.revision)
        .map((row) => ({ ...row, description: redactText(row.description) })),
      target: { ...choice.target, reason: choice.reason },
      from: {
        chartVersion: from.chartVersion,
        appVersion: current?.appVersion ?? state.appVersion,
      },
      to: { chartVersion: to.chartVersion, appVersion: choice.target.appVersion },
      valuesDiff,
      manifestDiff,
    },
  };
}
