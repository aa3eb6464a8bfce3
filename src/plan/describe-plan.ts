// A plan or refusal as plain text lines, for the terminal (`wheelhouse plan`) and logs. Neutral:
// the Slack renderer builds its own blocks from the same data.
import { describeIndexAge } from "./describe-index-age.ts";
import type { ManifestDiff } from "./diff-manifests.ts";
import type { ValueChange } from "./diff-values.ts";
import { describeRef } from "./parse-manifest.ts";
import type { Plan, PlanOutcome, PlanRefusal } from "./plan-types.ts";

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

function columns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

function describeValueChanges(changes: readonly ValueChange[]): string[] {
  return changes.map((c) =>
    c.change === "added"
      ? `  + ${c.path}: ${show(c.after)}`
      : c.change === "removed"
        ? `  - ${c.path} (was ${show(c.before)})`
        : `  ~ ${c.path}: ${show(c.before)} → ${show(c.after)}`,
  );
}

function describeObjects(diff: ManifestDiff): string[] {
  const lines = [
    ...diff.added.map((r) => `  + ${describeRef(r)}`),
    ...diff.changed.map(
      (c) =>
        `  ~ ${describeRef(c)}: ${c.paths.join(", ")}${c.morePaths > 0 ? ` and ${c.morePaths} more` : ""}`,
    ),
    ...diff.removed.map((r) => `  - ${describeRef(r)}`),
    ...diff.imageChanges.map(
      (i) => `  image ${i.kind} ${i.name}/${i.container}: ${i.before ?? "(new)"} → ${i.after}`,
    ),
  ];
  return [
    `objects (${diff.unchanged} unchanged)`,
    ...(lines.length > 0 ? lines : ["  no object changes"]),
  ];
}

function describeDetails(plan: Plan): string[] {
  switch (plan.operation) {
    case "upgrade": {
      const u = plan.upgrade;
      return [
        `upgrade ${u.from.chartVersion} → ${u.to.chartVersion} (${u.versionChange}; ${u.targetReason}), app ${u.from.appVersion} → ${u.to.appVersion}`,
        `  chart ${u.chartRef}: ${u.repositoryNote}`,
        ...(u.index ? [`  ${describeIndexAge(u.index)}`] : []),
        `  versions: ${u.availableVersions.map((v) => v.chartVersion).join(", ")}`,
        `values --${u.values.strategy}-values: ${u.values.reason}`,
        ...Object.entries(u.values.userValues).map(([k, v]) => `  yours: ${k} = ${show(v)}`),
        ...u.values.userKeys.map(
          (k) => `  ! ${k.path}: ${k.effect}${k.renamedTo ? ` to ${k.renamedTo}` : ""}`,
        ),
        ...(u.values.defaultChanges.length > 0
          ? ["chart default changes", ...describeValueChanges(u.values.defaultChanges)]
          : []),
        ...describeObjects(u.manifestDiff),
        ...u.hooks.map((h) => `hook ${h.kind} ${h.name} (${h.events.join(", ")})`),
      ];
    }
    case "rollback": {
      const r = plan.rollback;
      const table = columns([
        ["REVISION", "STATUS", "CHART", "APP", "UPDATED"],
        ...r.history.map((h) => [String(h.revision), h.status, h.chart, h.appVersion, h.updated]),
      ]);
      return [
        `rollback to revision ${r.target.revision}: ${r.target.reason}`,
        `  chart ${r.from.chartVersion} → ${r.to.chartVersion}, app ${r.from.appVersion} → ${r.to.appVersion}`,
        "history",
        ...table.map((l) => `  ${l}`),
        ...(r.valuesDiff.length > 0
          ? ["values", ...describeValueChanges(r.valuesDiff)]
          : ["values unchanged"]),
        ...describeObjects(r.manifestDiff),
      ];
    }
    case "uninstall": {
      const u = plan.uninstall;
      return [
        `deletes ${u.deletes.length} objects`,
        ...u.deletes.map((r) => `  - ${describeRef(r)}`),
        ...u.keeps.map((k) => `  = keeps ${describeRef(k)}: ${k.reason}`),
        ...u.crds.flatMap((c) => [
          `CRD ${c.name} ${c.fate}: ${c.reason}`,
          ...c.customResources.map(
            (cr) =>
              `  ${c.kind} ${cr.namespace ?? ""}/${cr.name}${cr.inRelease ? " (deleted with the release)" : " (stays)"}`,
          ),
        ]),
        ...u.volumes.map(
          (v) =>
            `volume ${v.namespace}/${v.name} ${v.fate}${v.capacity ? ` (${v.capacity})` : ""}: ${v.reason}`,
        ),
        `alternative: ${u.alternative.display}  (${u.alternative.why})`,
      ];
    }
    case "set-values": {
      const s = plan.setValues;
      return [
        `set on ${s.chartRef} ${s.chartVersion}`,
        ...describeValueChanges(s.valuesDiff),
        ...describeObjects(s.manifestDiff),
      ];
    }
  }
}

export function describeRefusal(refusal: PlanRefusal): string[] {
  const target = refusal.release ? ` ${refusal.release.name} in ${refusal.release.namespace}` : "";
  return [
    `NOT PLANNED: ${refusal.operation}${target}`,
    refusal.reason,
    ...(refusal.detail ? ["it said:", ...refusal.detail.split("\n").map((l) => `  ${l}`)] : []),
    ...(refusal.suggestions.length > 0
      ? ["instead:", ...refusal.suggestions.map((s) => `  - ${s}`)]
      : []),
  ];
}

export function describePlan(outcome: PlanOutcome): string[] {
  if (outcome.kind === "refusal") return describeRefusal(outcome);
  const p = outcome;
  const r = p.release;
  return [
    `PLAN ${p.operation} ${r.name} in ${r.namespace} — risk ${p.risk.level.toUpperCase()}`,
    `release   revision ${r.revision}, ${r.status}, ${r.chart} (app ${r.appVersion}), updated ${r.updated}`,
    ...(p.recovery ? [`recovery  ${p.recovery.reason}`] : []),
    `command   ${p.command.display}`,
    `dry-run   ${p.dryRun.mode}: ${p.dryRun.summary}${p.dryRun.apiServerAccepted === null ? "" : `; the API server accepted ${p.dryRun.apiServerAccepted} objects`}`,
    ...(p.runAs
      ? [`run as    dry run ${p.runAs.note}; the approved change runs as its approver`]
      : []),
    `digest    ${p.digest}`,
    "risk",
    ...p.risk.reasons.map((reason) => `  ${reason.level}: ${reason.text}`),
    ...(p.warnings.length > 0 ? ["warnings", ...p.warnings.map((w) => `  ${w}`)] : []),
    ...describeDetails(p),
  ];
}
