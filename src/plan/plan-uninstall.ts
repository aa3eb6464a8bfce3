// planUninstall: every object helm deletes, what it leaves (CRDs and their custom resources,
// claims a StatefulSet made, anything kept by resource policy) and the data at risk, with
// --keep-history offered as the other choice.

import type { MutatingHelmOperation } from "../model/helm-operation.ts";
import type { ReleaseRef, ReleaseSummary } from "../model/release.ts";
import { assessRisk } from "./assess-risk.ts";
import { findCrdFates } from "./find-crd-fates.ts";
import { findVolumeFates } from "./find-volume-fates.ts";
import { hooksThatRun } from "./hooks-that-run.ts";
import { isKept, parseManifest } from "./parse-manifest.ts";
import { planBase } from "./plan-base.ts";
import type {
  ClusterObjectRef,
  CrdInfo,
  DryRunOutcome,
  Execution,
  PvcInfo,
  StatusSnapshot,
} from "./plan-inputs.ts";
import type { HookSummary, PlanRefusal, UninstallPlan } from "./plan-types.ts";
import { plannedCommand } from "./planned-command.ts";
import { refusalFromError } from "./refuse.ts";
import { isPending, releaseState } from "./release-state.ts";
import { summarizeManifest } from "./summarize-manifest.ts";
import { assertDryRunOf } from "./upgrade-operation.ts";

export interface UninstallInputs {
  summary: ReleaseSummary;
  status: StatusSnapshot;
  keepHistory: boolean;
  // Cluster CRDs whose group and kind match objects of the manifest.
  clusterCrds: readonly CrdInfo[];
  // Custom resources of each of those CRDs, cluster-wide, by CRD name.
  customResources: Readonly<Record<string, readonly ClusterObjectRef[]>>;
  // Claims in the namespaces of the release's StatefulSets and claims.
  pvcs: readonly PvcInfo[];
  // What the cluster would not show (RBAC): "CustomResourceDefinitions", "PersistentVolumeClaims".
  unseen?: readonly string[];
  dryRun: DryRunOutcome;
  helmMajor: 3 | 4;
  execution: Execution;
  now: Date;
}

export function uninstallOperation(
  release: ReleaseRef,
  keepHistory: boolean,
  execution: Execution,
): MutatingHelmOperation {
  return {
    kind: "uninstall",
    release: { name: release.name, namespace: release.namespace },
    ...(keepHistory ? { keepHistory: true } : {}),
    ...(execution.wait ? { wait: true } : {}),
    timeoutSeconds: execution.timeoutSeconds,
  };
}

export function planUninstall(input: UninstallInputs): UninstallPlan | PlanRefusal {
  const { summary, status } = input;
  const release = { name: summary.name, namespace: summary.namespace };
  const operation = uninstallOperation(release, input.keepHistory, input.execution);
  assertDryRunOf(input.dryRun, operation);
  if (!input.dryRun.ok) return refusalFromError(input.dryRun.error, "uninstall", release);

  const { objects, unreadable } = parseManifest(status.manifest ?? "", release.namespace);
  const kept = objects.filter(isKept);
  const deleted = objects.filter((o) => !isKept(o));
  const crds = findCrdFates({
    objects,
    release,
    clusterCrds: input.clusterCrds,
    customResources: input.customResources,
  });
  const volumes = findVolumeFates(objects, input.pvcs);
  const hooks: HookSummary[] = hooksThatRun(status.hooks ?? [], "uninstall");
  const state = releaseState(summary, status);
  const risk = assessRisk({
    operation: "uninstall",
    status: state.status,
    statusDescription: state.description,
    crds,
    volumes,
    hooks,
    deletesObjects: deleted.length,
    unseen: input.unseen ?? [],
  });
  const command = plannedCommand(operation, input.helmMajor);
  const alternative = plannedCommand(
    uninstallOperation(release, !input.keepHistory, input.execution),
    input.helmMajor,
  );
  const warnings: string[] = [];
  if (unreadable > 0)
    warnings.push(
      `${unreadable} document(s) of the manifest could not be read; the list of deleted objects may be incomplete.`,
    );
  for (const what of input.unseen ?? []) {
    warnings.push(
      `Wheelhouse may not read ${what} in this cluster, so what this uninstall leaves behind there is not listed.`,
    );
  }
  if (isPending(state.status))
    warnings.push(
      `The release is ${state.status}: make sure no helm process is still working on it.`,
    );
  return {
    ...planBase({
      now: input.now,
      release,
      state,
      command,
      dryRun: { mode: "client", summary: input.dryRun.summary, apiServerAccepted: null },
      risk,
      warnings: warnings,
      recovery: null,
    }),
    operation: "uninstall",
    uninstall: {
      deletes: deleted.map((o) => ({ ...o.ref })),
      deletesSummary: summarizeManifest(deleted, release.namespace),
      keeps: kept.map((o) => ({ ...o.ref, reason: "annotated helm.sh/resource-policy: keep" })),
      crds,
      volumes,
      keepHistory: input.keepHistory,
      alternative: {
        keepHistory: !input.keepHistory,
        display: alternative.display,
        why: input.keepHistory
          ? "without --keep-history helm forgets the release, and its name is free for a new install"
          : "--keep-history keeps the release's record, so 'helm rollback' can bring it back",
      },
      hooks,
    },
  };
}
