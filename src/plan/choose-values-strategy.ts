// --reuse-values or --reset-then-reuse-values. helm's --reuse-values renders the new chart with
// the OLD chart's defaults (it replaces chart.Values with the old coalesced values), so a new
// default such as a new image tag would silently not apply. When the defaults changed, reset to
// the new chart's defaults and re-apply the user's own values instead.
import { deepEqual } from "./canonical-json.ts";
import { diffValues } from "./diff-values.ts";

export type PlannedValuesStrategy = "reuse" | "reset-then-reuse";

export interface ValuesStrategyChoice {
  strategy: PlannedValuesStrategy;
  reason: string;
}

// Before the defaults are read: a new version almost always changes them (an image tag at least),
// so the dry-run can start at once and is repeated only when this guess was wrong.
export function predictValuesStrategy(
  fromVersion: string,
  toVersion: string,
): PlannedValuesStrategy {
  return fromVersion === toVersion ? "reuse" : "reset-then-reuse";
}

export function chooseValuesStrategy(input: {
  fromVersion: string;
  toVersion: string;
  // null when the current version's defaults cannot be read (gone from the repository).
  oldDefaults: Record<string, unknown> | null;
  newDefaults: Record<string, unknown>;
}): ValuesStrategyChoice {
  const { fromVersion, toVersion, oldDefaults, newDefaults } = input;
  if (oldDefaults === null) {
    return {
      strategy: "reset-then-reuse",
      reason: `the ${fromVersion} defaults cannot be read (that version is not in the repository), so --reset-then-reuse-values takes the ${toVersion} defaults and re-applies your values`,
    };
  }
  if (deepEqual(oldDefaults, newDefaults)) {
    const same =
      fromVersion === toVersion
        ? `chart version stays ${toVersion}`
        : `chart defaults are identical in ${fromVersion} and ${toVersion}`;
    return {
      strategy: "reuse",
      reason: `the ${same}, so --reuse-values keeps exactly the values the release runs with`,
    };
  }
  const changed = diffValues(oldDefaults, newDefaults).map((c) => c.path);
  const examples = changed.slice(0, 3).join(", ") + (changed.length > 3 ? ", …" : "");
  return {
    strategy: "reset-then-reuse",
    reason: `the chart defaults changed between ${fromVersion} and ${toVersion} (${changed.length} key${changed.length === 1 ? "" : "s"}: ${examples}); --reuse-values would keep the ${fromVersion} defaults, so --reset-then-reuse-values takes the ${toVersion} defaults and re-applies your values`,
  };
}
