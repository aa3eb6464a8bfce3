// Risk of a change from the facts a plan gathered: each rule that applies adds a reason with its
// own level, and the plan's level is the highest. Always at least one reason, so "low" is
// explained too.
import type { HelmStatus } from "../model/release.ts";
import type { VersionChange } from "./compare-versions.ts";
import type { UserKeyEffect } from "./diff-chart-defaults.ts";
import type { ManifestDiff } from "./diff-manifests.ts";
import { describeHook, hookFailureEffect, hooksThatRun } from "./hooks-that-run.ts";
import { describeRef } from "./parse-manifest.ts";
import type {
  CrdFate,
  HookSummary,
  PlanOperation,
  Risk,
  RiskLevel,
  VolumeFate,
} from "./plan-types.ts";

export interface RiskFacts {
  operation: PlanOperation;
  status: HelmStatus;
  // The release's own description of its last operation ("Upgrade "x" failed: pre-upgrade hooks failed").
  statusDescription: string;
  versionChange?: VersionChange;
  fromVersion?: string;
  toVersion?: string;
  targetIsPreRelease?: boolean;
  manifestDiff?: ManifestDiff;
  userKeys?: UserKeyEffect[];
  hooks?: HookSummary[];
  crds?: CrdFate[];
  volumes?: VolumeFate[];
  deletesObjects?: number;
  recovery?: boolean;
  // What the cluster would not show, so could not be judged.
  unseen?: readonly string[];
  // A rollback's target revision: its images already ran there.
  rollbackTo?: number;
  sensitiveKeysSet?: string[];
}

const ORDER: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };
const DATA_KINDS = new Set([
  "PersistentVolumeClaim",
  "StatefulSet",
  "CustomResourceDefinition",
  "PersistentVolume",
]);

function versionReasons(f: RiskFacts, add: (l: RiskLevel, r: string) => void): void {
  const span = `${f.fromVersion} → ${f.toVersion}`;
  switch (f.versionChange) {
    case "major":
      add(
        "high",
        `major version bump (${span}): expect breaking changes, read the chart's release notes`,
      );
      break;
    case "downgrade":
      add(
        "high",
        `downgrade (${span}): charts rarely support going back; a rollback to an earlier revision is safer`,
      );
      break;
    case "minor":
    case "patch":
      add("low", `${f.versionChange} version bump (${span})`);
      break;
    case "pre-release":
      add("medium", `pre-release change (${span})`);
      break;
    case "unknown":
      add("medium", `versions ${span} are not SemVer, so the size of the change is unknown`);
      break;
    default:
      break;
  }
  if (f.targetIsPreRelease) add("medium", `${f.toVersion} is a pre-release`);
}

function manifestReasons(
  d: ManifestDiff,
  add: (l: RiskLevel, r: string) => void,
  rollbackTo: number | undefined,
  // CRDs whose deletion has its own, more precise reason (with the custom resources counted).
  crdsExplained: ReadonlySet<string>,
): void {
  for (const image of d.imageChanges) {
    const where = `${image.kind} ${image.name}/${image.container}`;
    if (rollbackTo !== undefined) {
      add(
        "low",
        `brings back image ${image.after} for ${where} (it ran in revision ${rollbackTo})`,
      );
      continue;
    }
    add(
      "medium",
      `new image for ${where}: ${image.before ?? "(none)"} → ${image.after} (not yet proven on this release)`,
    );
  }
  const removed = d.removed.filter(
    (r) => !(r.kind === "CustomResourceDefinition" && crdsExplained.has(r.name)),
  );
  const dataObjects = removed.filter((r) => DATA_KINDS.has(r.kind));
  for (const ref of dataObjects)
    add("high", `removes ${describeRef(ref)}, which holds data or definitions`);
  const others = removed.length - dataObjects.length;
  if (others > 0)
    add("medium", `removes ${others} object${others === 1 ? "" : "s"} the release has now`);
  const changes = d.added.length + d.removed.length + d.changed.length + d.imageChanges.length;
  if (changes === 0) {
    add("low", "the dry-run shows no change to any object");
  }
}

export function assessRisk(f: RiskFacts): Risk {
  const reasons: Array<{ level: RiskLevel; reason: string }> = [];
  const add = (level: RiskLevel, reason: string) => reasons.push({ level, reason });

  if (f.operation === "upgrade" || f.operation === "set-values") versionReasons(f, add);
  const crdsExplained = new Set((f.crds ?? []).map((c) => c.name));
  if (f.manifestDiff) manifestReasons(f.manifestDiff, add, f.rollbackTo, crdsExplained);
  for (const key of f.userKeys ?? []) {
    if (key.effect === "removed-from-chart")
      add(
        "high",
        `your value ${key.path} is not a key of ${f.toVersion} any more: it would be ignored or refused`,
      );
    if (key.effect === "replaced-by-map")
      add(
        "high",
        `your value ${key.path} is a single value, but ${f.toVersion} reads ${key.path} as a map (${(key.replacedBy ?? []).join(", ")}): helm skips yours`,
      );
    if (key.effect === "renamed")
      add(
        "high",
        `your value ${key.path} looks renamed to ${key.renamedTo} in ${f.toVersion}: move it, or it stops applying`,
      );
  }
  const failedBefore = f.status === "failed";
  // Only the hooks this operation runs: test hooks and other events' hooks are no risk of it.
  for (const hook of hooksThatRun(f.hooks ?? [], f.operation)) {
    const failedOnHooks = failedBefore && /hook/i.test(f.statusDescription);
    const event = hook.events[0] ?? "";
    if (failedOnHooks)
      add(
        "high",
        `hook ${describeHook(hook)} runs again, and the last attempt failed in its hooks`,
      );
    else add("medium", `hook ${describeHook(hook)} runs; if it fails, ${hookFailureEffect(event)}`);
  }
  // A failed release is what a rollback is for; for any other change it is a risk of its own.
  if (failedBefore && f.operation !== "rollback")
    add("medium", `the release is failed now: ${f.statusDescription.split("\n")[0]}`);
  if (f.operation === "uninstall")
    add("high", `uninstall deletes ${f.deletesObjects ?? 0} objects: the release stops serving`);
  if (f.operation === "rollback") add("low", "rolls back to a revision that ran before");
  for (const crd of f.crds ?? []) {
    const lost = crd.customResources.length;
    if (crd.fate === "deleted")
      add(
        "high",
        `deletes CRD ${crd.name} and with it every ${crd.kind} in the cluster (${lost} now)`,
      );
    else
      add(
        "medium",
        `CRD ${crd.name} stays behind with ${crd.customResources.filter((c) => !c.inRelease).length} ${crd.kind} object(s) that outlive the release`,
      );
  }
  for (const volume of f.volumes ?? []) {
    if (volume.fate === "deleted")
      add(
        "high",
        `deletes PersistentVolumeClaim ${volume.namespace}/${volume.name}: its data is lost unless the volume is retained`,
      );
    else
      add(
        "medium",
        `PersistentVolumeClaim ${volume.namespace}/${volume.name} stays (${volume.reason}); delete it yourself when its data is no longer needed`,
      );
  }
  for (const what of f.unseen ?? [])
    add("medium", `${what} could not be read, so their fate is unknown`);
  if (f.recovery)
    add("medium", "recovers a stuck release: make sure no helm process is still working on it");
  for (const key of f.sensitiveKeysSet ?? [])
    add("medium", `sets the sensitive value ${key}; it is stored in the release's values`);
  if (reasons.length === 0) add("low", "no risky change found");

  const level = reasons.reduce<RiskLevel>(
    (max, r) => (ORDER[r.level] > ORDER[max] ? r.level : max),
    "low",
  );
  // Highest first, so the first reason explains the level; the same sentence only once.
  const sorted = [...reasons].sort((a, b) => ORDER[b.level] - ORDER[a.level]);
  const unique = sorted.filter((r, i) => sorted.findIndex((o) => o.reason === r.reason) === i);
  return { level, reasons: unique.map((r) => ({ level: r.level, text: r.reason })) };
}
