// Everything planRollback (and a stuck release's recovery) needs: history and current status
// together, then the target revision's status and the rollback dry-run together. When the person
// named a revision, all four start at once.

import type { KubeReader } from "../kube/kubectl-client.ts";
import type { ReleaseDetail } from "../model/helm-output-schemas.ts";
import type { ReleaseSummary } from "../model/release.ts";
import type { DryRunOutcome, Execution } from "../plan/plan-inputs.ts";
import { type RollbackInputs, rollbackOperation, rollbackTarget } from "../plan/plan-rollback.ts";
import type { PlanRefusal } from "../plan/plan-types.ts";
import { asDryRun } from "../plan/planned-command.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { historyRows, type PlanHelm, runDryRun, started, statusSnapshot } from "./plan-helm.ts";

export interface RollbackRequest {
  summary: ReleaseSummary;
  requested: number | null;
  execution: Execution;
  now: Date;
}

export async function gatherRollbackInputs(
  helm: PlanHelm,
  kube: KubeReader,
  request: RollbackRequest,
): Promise<RollbackInputs | PlanRefusal> {
  const { summary } = request;
  const release = { name: summary.name, namespace: summary.namespace };
  // helm's rollback dry-run renders nothing; the API server checks the manifest it brings back.
  const readTarget = async (revision: number): Promise<[ReleaseDetail, DryRunOutcome]> => {
    const [target, dryRun] = await Promise.all([
      helm.status(release, revision),
      runDryRun(helm, kube, asDryRun(rollbackOperation(release, revision, request.execution))),
    ]);
    if (!dryRun.ok) return [target, dryRun];
    try {
      const accepted = await kube.validateManifest(target.manifest ?? "", release.namespace);
      return [target, { ...dryRun, apiServerAccepted: accepted.length }];
    } catch (error) {
      const info = codedErrorInfo(error);
      if (info.code === "unexpected_error") throw error;
      return [target, { ok: false, operation: dryRun.operation, error: info }];
    }
  };
  const current = started(helm.status(release));
  const history = started(helm.history(release));
  const early = request.requested === null ? null : started(readTarget(request.requested));
  const rows = historyRows(await history);
  const choice = rollbackTarget(summary, rows, request.requested);
  if ("kind" in choice) return choice;
  const base = {
    summary,
    status: statusSnapshot(await current),
    history: rows,
    requested: request.requested,
    helmMajor: helm.major,
    execution: request.execution,
    now: request.now,
  };
  const [target, dryRun] =
    early && request.requested === choice.target.revision
      ? await early
      : await readTarget(choice.target.revision);
  return { ...base, targetStatus: statusSnapshot(target), dryRun };
}
