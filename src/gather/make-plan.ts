// makePlan: an Intent, resolved against the inventory the request already listed, becomes a Plan
// a person can approve, or a PlanRefusal saying in one sentence why not and what would work.
// Gathering is I/O (helm, kubectl); every decision is made by the pure planners in plan/.
import type { KubeReader } from "../kube/kubectl-client.ts";
import { type Intent, MUTATING_OPERATIONS } from "../model/intent.ts";
import type { RunIdentity } from "../model/kube-identity.ts";
import type { Inventory, ReleaseSummary } from "../model/release.ts";
import { applyGitOpsOwnership, type GitOpsRule } from "../plan/apply-gitops-ownership.ts";
import type { StatusSnapshot } from "../plan/plan-inputs.ts";
import { DEFAULT_EXECUTION, type Execution } from "../plan/plan-inputs.ts";
import { planRecovery } from "../plan/plan-recovery.ts";
import { planRollback } from "../plan/plan-rollback.ts";
import { planSetValues } from "../plan/plan-set-values.ts";
import {
  isPlanOperation,
  type PlanOperation,
  type PlanOutcome,
  type PlanRefusal,
} from "../plan/plan-types.ts";
import { planUninstall } from "../plan/plan-uninstall.ts";
import { planUpgrade } from "../plan/plan-upgrade.ts";
import { codedErrorInfo, refusalFromError, refuse } from "../plan/refuse.ts";
import { isPending } from "../plan/release-state.ts";
import { asksForPreRelease } from "../plan/resolve-upgrade-target.ts";
import type { ChartSourceDeps } from "./gather-chart-versions.ts";
import { gatherRollbackInputs } from "./gather-rollback-inputs.ts";
import { gatherSetValuesInputs } from "./gather-set-values-inputs.ts";
import { gatherUninstallInputs } from "./gather-uninstall-inputs.ts";
import { gatherUpgradeInputs } from "./gather-upgrade-inputs.ts";
import type { PlanHelm } from "./plan-helm.ts";
import { helmAsRequester, kubeAsRequester } from "./run-as-requester.ts";

export interface MakePlanOptions {
  // The message as typed: "… including pre-releases" lets "latest" pick one.
  text?: string;
  // Overrides the reading of the text.
  allowPreRelease?: boolean;
  keepHistory?: boolean;
  // An oci:// chart for an upgrade (OCI registries cannot be searched).
  chartRef?: string;
  execution?: Execution;
}

export interface MakePlanRequest {
  intent: Intent;
  inventory: Inventory;
  helm: PlanHelm;
  kube: KubeReader;
  now: Date;
  options?: MakePlanOptions;
  // Where charts come from: configured rules, Wheelhouse's memory, index refresh, OCI tags.
  sources?: ChartSourceDeps;
  // The policy's gitOpsOwned: warn (default) or refuse when Flux or Argo CD owns the release.
  gitOps?: GitOpsRule;
  // Who the dry runs impersonate (the requester's mapped identity); absent or null identity:
  // Wheelhouse's own, and the plan says so.
  runAs?: RunIdentity;
}

const OWN_IDENTITY: RunIdentity = {
  identity: null,
  note: "as Wheelhouse's own identity: no identity mapping is configured",
};

function findRelease(
  inventory: Inventory,
  name: string,
  namespace: string,
): ReleaseSummary | undefined {
  return inventory.find((r) => r.name === name && r.namespace === namespace);
}

function preflight(
  intent: Intent,
  inventory: Inventory,
): { summary: ReleaseSummary; operation: PlanOperation } | PlanOutcome {
  const { operation } = intent;
  if (!MUTATING_OPERATIONS.has(operation) || !isPlanOperation(operation)) {
    return refuse(
      "not_a_change",
      operation,
      intent.release,
      `'${operation}' changes nothing, so it needs no plan: it is answered at once.`,
    );
  }
  if (intent.clarification !== null || intent.release === null) {
    const question = intent.clarification ?? "Which release do you mean?";
    const candidates = intent.candidates.map((c) => `${operation} ${c.name} -n ${c.namespace}`);
    return refuse("needs_clarification", operation, intent.release, question, candidates);
  }
  const { name, namespace } = intent.release;
  const summary = findRelease(inventory, name, namespace);
  if (!summary) {
    const elsewhere = inventory
      .filter((r) => r.name === name)
      .map((r) => `${operation} ${r.name} -n ${r.namespace}`);
    return refuse(
      "release_not_found",
      operation,
      intent.release,
      `There is no release ${name} in namespace ${namespace}.`,
      elsewhere,
    );
  }
  if (summary.status === "uninstalled" && operation !== "rollback") {
    return refuse(
      "release_uninstalled",
      operation,
      intent.release,
      `${name} was uninstalled (its history was kept), so there is nothing to ${operation}.`,
      [`rollback ${name} to revision ${summary.revision} to bring it back`],
    );
  }
  return { summary, operation };
}

// The inventory may be cached: a plan made from an old row would show the wrong chart version.
function staleInventory(
  summary: ReleaseSummary,
  status: StatusSnapshot,
  operation: string,
): PlanRefusal | null {
  if (status.version === summary.revision) return null;
  const release = { name: summary.name, namespace: summary.namespace };
  return refuse(
    "release_changed",
    operation,
    release,
    `${summary.name} changed while the plan was made (revision ${summary.revision} is now ${status.version}).`,
    ["Ask again: the plan will be made from the new revision."],
  );
}

function checked<T extends { status: StatusSnapshot; summary: ReleaseSummary }>(
  inputs: T | PlanRefusal,
  operation: string,
  plan: (inputs: T) => PlanOutcome,
  finish: (outcome: PlanOutcome, status: StatusSnapshot) => PlanOutcome,
): PlanOutcome {
  if ("kind" in inputs) return inputs;
  const stale = staleInventory(inputs.summary, inputs.status, operation);
  return stale ?? finish(plan(inputs), inputs.status);
}

// What every plan gets once made: GitOps ownership, and whom its dry run ran as.
function finisher(gitOps: GitOpsRule, runAs: RunIdentity) {
  return (outcome: PlanOutcome, status: StatusSnapshot): PlanOutcome => {
    const owned = applyGitOpsOwnership(outcome, status.manifest, gitOps);
    return owned.kind === "plan" ? { ...owned, runAs } : owned;
  };
}

export async function makePlan(request: MakePlanRequest): Promise<PlanOutcome> {
  const { intent, now } = request;
  const runAs = request.runAs ?? OWN_IDENTITY;
  const helm = helmAsRequester(request.helm, runAs.identity);
  const kube = kubeAsRequester(request.kube, runAs.identity);
  const finish = finisher(request.gitOps ?? "warn", runAs);
  const options = request.options ?? {};
  const execution = options.execution ?? DEFAULT_EXECUTION;
  const ready = preflight(intent, request.inventory);
  if ("kind" in ready) return ready;
  const { summary, operation } = ready;
  try {
    if (isPending(summary.status) && operation !== "uninstall") {
      const requested = operation === "rollback" ? intent.targetRevision : null;
      const inputs = await gatherRollbackInputs(helm, kube, { summary, requested, execution, now });
      return checked(inputs, operation, (i) => planRecovery({ ...i, blocked: operation }), finish);
    }
    switch (operation) {
      case "upgrade": {
        const inputs = await gatherUpgradeInputs(helm, kube, {
          summary,
          requested: intent.targetVersion,
          allowPreRelease:
            options.allowPreRelease ?? asksForPreRelease(intent.targetVersion, options.text),
          chartRef: options.chartRef,
          execution,
          now,
          sources: request.sources,
        });
        return checked(inputs, operation, planUpgrade, finish);
      }
      case "rollback": {
        const inputs = await gatherRollbackInputs(helm, kube, {
          summary,
          requested: intent.targetRevision,
          execution,
          now,
        });
        return checked(inputs, operation, planRollback, finish);
      }
      case "uninstall":
        return checked(
          await gatherUninstallInputs(helm, kube, {
            summary,
            keepHistory: options.keepHistory ?? false,
            execution,
            now,
          }),
          operation,
          planUninstall,
          finish,
        );
      case "set-values": {
        if (intent.set === null || Object.keys(intent.set).length === 0) {
          return refuse(
            "nothing_to_change",
            operation,
            intent.release,
            "No value to set was given.",
            [`set <key>=<value> on ${summary.name}`],
          );
        }
        const inputs = await gatherSetValuesInputs(helm, kube, {
          summary,
          set: intent.set,
          execution,
          now,
          sources: request.sources,
        });
        return checked(inputs, operation, planSetValues, finish);
      }
    }
  } catch (error) {
    const info = codedErrorInfo(error);
    // Only the adapters' typed errors become refusals; anything else is a bug and is thrown.
    if (info.code === "unexpected_error") throw error;
    return refusalFromError(info, operation, { name: summary.name, namespace: summary.namespace });
  }
}
