// What a plan is: plain JSON data a person approves, Redis stores and the worker runs. Every
// mutating request becomes a Plan or, when nothing safe can be proposed, a PlanRefusal.

import type { ChangeLimits } from "../model/change-limits.ts";
import type { MutatingHelmOperation } from "../model/helm-operation.ts";
import type { RunIdentity } from "../model/kube-identity.ts";
import type { HelmStatus, ReleaseRef } from "../model/release.ts";
import type { SourceBasis } from "./choose-chart-source.ts";
import type { VersionChange } from "./compare-versions.ts";
import type { RenamedKey, UserKeyEffect } from "./diff-chart-defaults.ts";
import type { ManifestDiff } from "./diff-manifests.ts";
import type { ValueChange } from "./diff-values.ts";
import type { ObjectRef } from "./parse-manifest.ts";
import type { ManifestSummary } from "./summarize-manifest.ts";

export type PlanOperation = "upgrade" | "rollback" | "uninstall" | "set-values";

export function isPlanOperation(operation: string): operation is PlanOperation {
  return ["upgrade", "rollback", "uninstall", "set-values"].includes(operation);
}
export type RiskLevel = "low" | "medium" | "high";

export interface ReleaseState {
  name: string;
  namespace: string;
  chart: string;
  chartName: string;
  chartVersion: string;
  appVersion: string;
  revision: number;
  status: HelmStatus;
  updated: string;
  description: string;
}

export interface PlannedCommand {
  operation: MutatingHelmOperation;
  // Exactly what the worker passes to helm (no temp paths: values travel as --set flags).
  argv: string[];
  // The command as people read and copy it; values of sensitive keys are redacted.
  display: string;
  helmMajor: 3 | 4;
}

export interface DryRun {
  // server: helm ran it against the cluster; client: helm only simulated it (helm 3 rollback,
  // uninstall), so less was checked.
  mode: "server" | "client";
  summary: string;
  // Objects the API server itself accepted in a dry run (helm's own dry-run never shows it the
  // objects); null when there was no manifest to check (uninstall).
  apiServerAccepted: number | null;
  // Objects the change leaves exactly as they run, so not sent again; absent when none (or on
  // plans made before it was recorded).
  apiServerUnchanged?: number;
}

export interface RiskReason {
  level: RiskLevel;
  text: string;
}

export interface Risk {
  level: RiskLevel;
  // Highest level first.
  reasons: RiskReason[];
}

export interface HookSummary {
  name: string;
  kind: string;
  events: string[];
  // Absent on plans made before they were recorded.
  weight?: number;
  // helm.sh/hook-delete-policy: before-hook-creation, hook-succeeded, hook-failed.
  deletePolicies?: string[];
  // The subchart whose template holds the hook; null for the chart's own.
  subchart?: string | null;
}

export interface Recovery {
  // What was asked for and cannot run while the release is stuck.
  blockedOperation: PlanOperation;
  stuckStatus: HelmStatus;
  stuckRevision: number;
  reason: string;
}

export interface VersionRef {
  chartVersion: string;
  appVersion: string;
}

// How old the repository index a plan read its versions from was (helm search reads the local
// copy `helm repo update` fetched); refreshed: why this plan fetched it anew, if it did.
export interface IndexAge {
  repository: string;
  fetchedAt: string | null;
  ageSeconds: number | null;
  refreshed: "ttl" | "not-found" | null;
}

export interface UpgradeDetails {
  repository: string;
  chartRef: string;
  repositoryNote: string;
  // How the source was chosen; absent on plans made before it was recorded.
  sourceBasis?: SourceBasis;
  // null for OCI charts, whose tags are read from the registry when the plan is made.
  index?: IndexAge | null;
  availableVersions: Array<VersionRef & { preRelease: boolean }>;
  from: VersionRef;
  to: VersionRef;
  targetReason: string;
  versionChange: VersionChange;
  values: {
    strategy: "reuse" | "reset-then-reuse";
    reason: string;
    userValues: Record<string, unknown>;
    userKeys: UserKeyEffect[];
    renamedKeys: RenamedKey[];
    defaultChanges: ValueChange[];
  };
  manifestDiff: ManifestDiff;
  // Templated CRDs the upgrade deletes, with the custom resources that go with them; absent on
  // plans made before it was recorded.
  crds?: CrdFate[];
  hooks: HookSummary[];
}

export interface HistoryRow {
  revision: number;
  updated: string;
  status: HelmStatus;
  chart: string;
  appVersion: string;
  description: string;
}

export interface RollbackDetails {
  history: HistoryRow[];
  target: HistoryRow & { reason: string };
  from: VersionRef;
  to: VersionRef;
  valuesDiff: ValueChange[];
  manifestDiff: ManifestDiff;
}

export interface CustomResourceRef {
  namespace: string | null;
  name: string;
  // Part of this release's manifest, so helm deletes it; the others stay with the CRD.
  inRelease: boolean;
}

export interface CrdFate {
  name: string;
  group: string;
  kind: string;
  fate: "left-behind" | "deleted";
  reason: string;
  customResources: CustomResourceRef[];
}

export interface VolumeFate {
  namespace: string;
  name: string;
  fate: "deleted" | "kept";
  source: "manifest" | "statefulset";
  owner: string | null;
  phase: string | null;
  capacity: string | null;
  reason: string;
}

export interface UninstallDetails {
  deletes: ObjectRef[];
  // The deleted objects by kind and namespace, cluster-scoped ones named; absent on plans made
  // before it was recorded.
  deletesSummary?: ManifestSummary;
  keeps: Array<ObjectRef & { reason: string }>;
  crds: CrdFate[];
  volumes: VolumeFate[];
  keepHistory: boolean;
  // The other choice, offered to the person: with or without --keep-history.
  alternative: { keepHistory: boolean; display: string; why: string };
  hooks: HookSummary[];
}

export interface SetValuesDetails {
  chartRef: string;
  chartVersion: string;
  set: Record<string, unknown>;
  valuesDiff: ValueChange[];
  manifestDiff: ManifestDiff;
  hooks: HookSummary[];
  // Words of the request read as chart keys ("memory limit" -> resources.limits.memory).
  keyMappings?: Array<{ from: string; to: string }>;
}

export interface PlanBase {
  kind: "plan";
  createdAt: string;
  release: ReleaseState;
  command: PlannedCommand;
  dryRun: DryRun;
  risk: Risk;
  warnings: string[];
  recovery: Recovery | null;
  // Fingerprint (unkeyed sha256) of the release, the revision the plan was made against and the
  // argv; the HMAC the store keeps beside the plan is what proves it unchanged.
  digest: string;
  // How long the change may take (--timeout, --wait, the worker's deadline), from its command.
  // Absent on plans made before it was recorded.
  limits?: ChangeLimits;
  // Who the API server saw in the dry run (the requester's mapped identity, or Wheelhouse's own
  // and why); the run itself is done as the approver. Absent on plans made before it was recorded.
  runAs?: RunIdentity;
  // The cluster the plan was made for (WHEELHOUSE_CLUSTER): stamped and signed by the store as
  // it saves the plan; a worker of another cluster refuses it.
  cluster?: string;
}

export type UpgradePlan = PlanBase & { operation: "upgrade"; upgrade: UpgradeDetails };
export type RollbackPlan = PlanBase & { operation: "rollback"; rollback: RollbackDetails };
export type UninstallPlan = PlanBase & { operation: "uninstall"; uninstall: UninstallDetails };
export type SetValuesPlan = PlanBase & { operation: "set-values"; setValues: SetValuesDetails };
export type Plan = UpgradePlan | RollbackPlan | UninstallPlan | SetValuesPlan;

export type RefusalCode =
  | "not_a_change"
  | "release_not_found"
  | "needs_clarification"
  | "version_not_found"
  | "chart_not_in_repository"
  | "registry_refused"
  | "already_at_version"
  | "nothing_to_change"
  | "no_rollback_target"
  | "dry_run_rejected"
  | "immutable_field"
  | "values_rejected_by_schema"
  | "release_stuck"
  | "release_changed"
  | "release_uninstalled"
  | "cluster_unreachable"
  | "invalid_input"
  | "owned_by_gitops"
  | "helm_failed";

export interface PlanRefusal {
  kind: "refusal";
  code: RefusalCode;
  operation: string;
  release: ReleaseRef | null;
  // One sentence: what went wrong.
  reason: string;
  // What would work instead, as a person would ask for it.
  suggestions: string[];
  // The first lines of what helm or the API server said, when one of them said no.
  detail: string | null;
}

export type PlanOutcome = Plan | PlanRefusal;

export function isPlan(outcome: PlanOutcome): outcome is Plan {
  return outcome.kind === "plan";
}
