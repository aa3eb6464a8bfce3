// A dry-run the API server or the chart rejected becomes a refusal: helm's reason in one
// sentence, and what would work (the newest version in the current major, moving renamed keys).
import type { ReleaseRef } from "../model/release.ts";
import { REDACTED } from "../redact/redacted.ts";
import { compareVersions, isPreRelease, parseSemVer } from "./compare-versions.ts";
import type { UserKeyEffect } from "./diff-chart-defaults.ts";
import { refuseImmutableChange } from "./explain-immutable-fields.ts";
import { refuseSchemaRejection } from "./explain-schema-rejection.ts";
import type { PlanRefusal } from "./plan-types.ts";
import { type CodedErrorInfo, refusalFromError, refuse } from "./refuse.ts";
import type { UpgradeTarget } from "./resolve-upgrade-target.ts";

const MAX_REASON = 300;

// helm's own dry-run said no, or the API server did when it checked the rendered objects.
export function isRejection(code: string): boolean {
  return code === "helm_dry_run_failed" || code === "kube_rejected";
}

export function byWhom(code: string): string {
  return code === "kube_rejected" ? " by the API server" : "";
}

// "Error: UPGRADE FAILED: values don't meet …:\nwebapp:\n- at '/replicaCount': false schema"
// -> "values don't meet …: webapp: - at '/replicaCount': false schema".
export function helmReasonSentence(stderrHead: string, fallback: string): string {
  const text = stderrHead
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .join(" ")
    .replace(/^Error( from server( \([A-Za-z]+\))?)?:\s*/, "")
    .replace(/^(UPGRADE|ROLLBACK|INSTALLATION|UNINSTALL(ATION)?) FAILED:\s*/i, "");
  const sentence = text === "" ? fallback : text;
  return sentence.length > MAX_REASON ? `${sentence.slice(0, MAX_REASON - 1)}…` : sentence;
}

// Any rejected dry-run as a refusal: "<what> was rejected[ by the API server]: <helm's reason>."
// Failures that are not rejections (unreachable, timeout…) keep their own refusal.
export function refuseRejectedDryRun(
  error: CodedErrorInfo,
  operation: string,
  release: ReleaseRef,
  what: string,
  suggestions: string[],
): PlanRefusal {
  if (!isRejection(error.code)) return refusalFromError(error, operation, release);
  const immutable =
    refuseImmutableChange(error, operation, release, what) ??
    refuseSchemaRejection(error, operation, release, null);
  if (immutable) return immutable;
  const why = helmReasonSentence(error.stderrHead, error.message).replace(/\.$/, "");
  return refuse(
    "dry_run_rejected",
    operation,
    release,
    `${what} was rejected${byWhom(error.code)}: ${why}.`,
    suggestions,
    error.stderrHead,
  );
}

export function explainRejectedUpgrade(input: {
  release: ReleaseRef;
  chartName: string;
  target: UpgradeTarget;
  error: CodedErrorInfo;
  userKeys: UserKeyEffect[];
  operation?: string;
}): PlanRefusal {
  const { release, target, error, chartName } = input;
  const operation = input.operation ?? "upgrade";
  if (!isRejection(error.code)) return refusalFromError(error, operation, release);
  const what = `${chartName} ${target.version}`;
  const immutable = refuseImmutableChange(error, operation, release, `The upgrade to ${what}`);
  if (immutable) return immutable;
  const why = helmReasonSentence(error.stderrHead, error.message).replace(/\.$/, "");
  const suggestions: string[] = [];
  for (const key of input.userKeys) {
    // helm deletes a key set to null; --reset-then-reuse-values keeps that deletion.
    const moved = `helm upgrade … --version ${target.version} --reset-then-reuse-values`;
    if (key.effect === "renamed") {
      const value =
        key.yourValue === REDACTED || typeof key.yourValue === "object"
          ? "<value>"
          : String(key.yourValue);
      suggestions.push(
        `${chartName} ${target.version} renamed ${key.path} to ${key.renamedTo}: move your value (${moved} --set ${key.renamedTo}=${value} --set ${key.path}=null)`,
      );
    } else if (key.effect === "replaced-by-map") {
      const keys = (key.replacedBy ?? []).map((k) => `--set ${k}=<value>`).join(" ");
      suggestions.push(
        `${chartName} ${target.version} reads ${key.path} as a map: move your value (${moved} ${keys} --set ${key.path}=null)`,
      );
    } else if (key.effect === "removed-from-chart") {
      suggestions.push(
        `${chartName} ${target.version} has no ${key.path} any more: drop your value (${moved} --set ${key.path}=null)`,
      );
    }
  }
  const from = parseSemVer(target.fromVersion);
  const sameMajor = target.versions
    .filter((v) => !isPreRelease(v.version) && parseSemVer(v.version)?.major === from?.major)
    .filter(
      (v) => compareVersions(v.version, target.fromVersion) > 0 && v.version !== target.version,
    )
    .sort((a, b) => compareVersions(b.version, a.version))[0];
  if (sameMajor)
    suggestions.push(
      `upgrade ${release.name} to ${sameMajor.version} (the newest ${from?.major}.x)`,
    );
  // A schema's own fixes come after the moves: a renamed key explains its complaint better.
  const schema = refuseSchemaRejection(error, operation, release, what);
  if (schema) {
    const moves = suggestions.slice(0, sameMajor ? -1 : undefined);
    const covered = (fix: string) => input.userKeys.some((k) => fix.includes(` ${k.path}`));
    const fixes = schema.suggestions.filter((fix) => !covered(fix));
    return { ...schema, suggestions: [...moves, ...fixes, ...suggestions.slice(moves.length)] };
  }
  if (suggestions.length === 0) suggestions.push("Fix the values the error names, then ask again.");
  return refuse(
    "dry_run_rejected",
    operation,
    release,
    `The dry-run of ${chartName} ${target.version} was rejected${byWhom(error.code)}: ${why}.`,
    suggestions,
    error.stderrHead,
  );
}
