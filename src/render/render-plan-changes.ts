// "What changes" for each kind of plan: versions, values, objects, images, volumes, CRDs. Returns
// sections in reading order; render-plan.ts frames them.

import { describeIndexAge } from "../plan/describe-index-age.ts";
import { flattenValues } from "../plan/diff-values.ts";
import { hookFailureEffect, hookNotes } from "../plan/hooks-that-run.ts";
import type {
  CrdFate,
  HookSummary,
  Plan,
  RollbackPlan,
  SetValuesPlan,
  UninstallPlan,
  UpgradePlan,
} from "../plan/plan-types.ts";
import {
  bold,
  bullets,
  capped,
  code,
  formatTime,
  italic,
  join,
  lines,
  md,
  show,
  statusEmoji,
} from "./markdown.ts";
import type { Block, Markdown } from "./message.ts";
import {
  imageChanges,
  manifestChanges,
  manifestSummary,
  objectName,
  valueChanges,
} from "./render-diffs.ts";

const section = (text: Markdown | null): Block[] =>
  text === null ? [] : [{ type: "section", text }];

function hooks(list: readonly HookSummary[]): Markdown | null {
  if (list.length === 0) return null;
  const items = list.map(
    (h) =>
      md`${h.events.join(", ")} ${h.kind} ${code(h.name)} (${hookNotes(h)}); if it fails, ${hookFailureEffect(h.events[0] ?? "")}`,
  );
  return md`${bold("Hooks that run")} (in this order)\n${bullets(items)}`;
}

function crdLines(list: readonly CrdFate[]): Markdown[] {
  return list.map((c) => {
    const resources =
      c.customResources.length === 0 ? "" : ` (${c.customResources.length} ${c.kind} objects)`;
    return md`CRD ${code(c.name)} ${c.fate === "deleted" ? bold("deleted") : "left behind"}${resources}: ${c.reason}`;
  });
}

function upgradeChanges(plan: UpgradePlan): Block[] {
  const u = plan.upgrade;
  const yours = [...flattenValues(u.values.userValues)].map(([k, v]) => code(`${k}=${show(v)}`));
  const effects = u.values.userKeys.map((k) => {
    if (k.effect === "renamed")
      return md`⚠️ ${code(k.path)} was renamed to ${code(k.renamedTo ?? "?")}: your value ${code(show(k.yourValue))} would be ignored`;
    if (k.effect === "replaced-by-map")
      return md`⚠️ ${code(k.path)} is now a map (${join((k.replacedBy ?? []).map(code), ", ")}): your value ${code(show(k.yourValue))} would be skipped`;
    if (k.effect === "removed-from-chart")
      return md`⚠️ ${code(k.path)} is gone from the chart: your value ${code(show(k.yourValue))} would be ignored`;
    return md`${code(k.path)}: the default moved ${code(show(k.defaultBefore))} → ${code(show(k.defaultAfter))}; yours (${code(show(k.yourValue))}) still wins`;
  });
  const values = lines([
    md`${bold("Values")}: ${code(`--${u.values.strategy}-values`)}: ${u.values.reason}`,
    yours.length > 0 ? md`Yours: ${join(yours, ", ")}` : "You set no values of your own.",
    ...(effects.length > 0 ? [bullets(effects)] : []),
  ]);
  return [
    ...section(
      lines([
        md`${bold("Chart")} ${u.from.chartVersion} → ${bold(u.to.chartVersion)} (${u.versionChange}): ${u.targetReason}`,
        md`App ${u.from.appVersion || "?"} → ${u.to.appVersion || "?"} · chart ${code(u.chartRef)}`,
        italic(u.repositoryNote),
        ...(u.index ? [italic(describeIndexAge(u.index))] : []),
      ]),
    ),
    ...section(imageChanges(u.manifestDiff)),
    ...section(values),
    ...section(valueChanges("Chart default changes", u.values.defaultChanges)),
    ...section(manifestChanges(u.manifestDiff)),
    ...section(
      (u.crds ?? []).length === 0
        ? null
        : md`${bold("Custom resource definitions")}\n${bullets(crdLines(u.crds ?? []))}`,
    ),
    ...section(hooks(u.hooks)),
  ];
}

function rollbackChanges(plan: RollbackPlan): Block[] {
  const r = plan.rollback;
  const marker = (revision: number) =>
    revision === r.target.revision ? "→" : revision === plan.release.revision ? "●" : " ";
  return [
    ...section(
      lines([
        md`${bold("Roll back")} to revision ${bold(String(r.target.revision))}: ${r.target.reason}`,
        `Chart ${r.from.chartVersion} → ${r.to.chartVersion} · app ${r.from.appVersion || "?"} → ${r.to.appVersion || "?"}`,
      ]),
    ),
    {
      type: "table",
      columns: ["", "REV", "STATUS", "CHART", "APP", "UPDATED"],
      rows: r.history.map((h) => [
        marker(h.revision),
        String(h.revision),
        `${statusEmoji(h.status)} ${h.status}`,
        h.chart,
        h.appVersion,
        formatTime(h.updated),
      ]),
    },
    { type: "context", lines: [md`● now running · → rolls back to this revision`] },
    ...section(valueChanges("Values", r.valuesDiff) ?? md`${bold("Values")}: unchanged.`),
    ...section(imageChanges(r.manifestDiff)),
    ...section(manifestChanges(r.manifestDiff)),
  ];
}

function uninstallChanges(plan: UninstallPlan): Block[] {
  const u = plan.uninstall;
  const volumes = u.volumes.map((v) => {
    const size = v.capacity ? ` (${v.capacity})` : "";
    const fate = v.fate === "deleted" ? bold("deleted") : "kept";
    return md`💾 PersistentVolumeClaim ${code(`${v.namespace}/${v.name}`)}${size} ${fate}: ${v.reason}`;
  });
  const crds = crdLines(u.crds);
  const history = u.keepHistory
    ? "The release record is kept (--keep-history): it can be rolled back."
    : "The release record is deleted: it cannot be rolled back afterwards.";
  return [
    ...section(
      u.deletesSummary
        ? lines([
            bold(`Deletes ${u.deletes.length} objects`),
            ...manifestSummary(u.deletesSummary, "By kind"),
            bullets(capped(u.deletes, 15, (r) => md`－ ${objectName(r)}`)),
          ])
        : md`${bold(`Deletes ${u.deletes.length} objects`)}\n${bullets(capped(u.deletes, 15, (r) => md`－ ${objectName(r)}`))}`,
    ),
    ...section(
      u.keeps.length === 0
        ? null
        : md`${bold("Keeps")}\n${bullets(u.keeps.map((k) => md`${objectName(k)}: ${k.reason}`))}`,
    ),
    ...section(volumes.length === 0 ? null : md`${bold("Volumes")}\n${bullets(volumes)}`),
    ...section(
      crds.length === 0 ? null : md`${bold("Custom resource definitions")}\n${bullets(crds)}`,
    ),
    ...section(hooks(u.hooks)),
    ...section(
      md`${history}\n${bold("Instead")}: ${code(u.alternative.display)}: ${u.alternative.why}`,
    ),
  ];
}

function setValuesChanges(plan: SetValuesPlan): Block[] {
  const s = plan.setValues;
  const sets = Object.entries(s.set).map(([k, v]) => code(`${k}=${show(v)}`));
  return [
    ...section(
      md`${bold("Sets")} ${join(sets, ", ")} on ${s.chartRef} ${s.chartVersion}; every other value stays.`,
    ),
    ...section(valueChanges("Values", s.valuesDiff)),
    ...section(imageChanges(s.manifestDiff)),
    ...section(manifestChanges(s.manifestDiff)),
    ...section(hooks(s.hooks)),
  ];
}

export function renderPlanChanges(plan: Plan): Block[] {
  switch (plan.operation) {
    case "upgrade":
      return upgradeChanges(plan);
    case "rollback":
      return rollbackChanges(plan);
    case "uninstall":
      return uninstallChanges(plan);
    case "set-values":
      return setValuesChanges(plan);
  }
}
