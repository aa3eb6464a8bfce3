// Which revision a rollback goes to. Asked for: that one, if the history has it. Not asked for:
// the newest revision before the current one that was deployed or superseded, i.e. the last one
// that ran well before a failed or pending change.
import type { HistoryRow } from "./plan-types.ts";

export type RollbackTargetChoice =
  | { ok: true; target: HistoryRow; reason: string; warnings: string[] }
  | { ok: false; reason: string; suggestions: string[] };

const GOOD = new Set(["deployed", "superseded"]);

function label(row: HistoryRow): string {
  return `revision ${row.revision} (${row.chart}, ${row.status})`;
}

export function lastGoodRevision(history: readonly HistoryRow[]): HistoryRow | undefined {
  const sorted = [...history].sort((a, b) => b.revision - a.revision);
  const current = sorted[0];
  return sorted.find((row) => row !== current && GOOD.has(row.status));
}

export function chooseRollbackTarget(
  history: readonly HistoryRow[],
  requested: number | null,
  releaseName: string,
): RollbackTargetChoice {
  const sorted = [...history].sort((a, b) => a.revision - b.revision);
  const current = sorted.at(-1);
  if (!current) return { ok: false, reason: `${releaseName} has no history.`, suggestions: [] };
  const suggested = lastGoodRevision(sorted);
  const suggestion = suggested ? [`rollback ${releaseName} to revision ${suggested.revision}`] : [];
  if (requested !== null) {
    const row = sorted.find((r) => r.revision === requested);
    if (!row) {
      const range = `${sorted[0]?.revision}–${current.revision}`;
      return {
        ok: false,
        reason: `${releaseName} has no revision ${requested} (its history holds revisions ${range}).`,
        suggestions: suggestion,
      };
    }
    if (row.revision === current.revision) {
      return {
        ok: false,
        reason: `${releaseName} is at revision ${requested} already.`,
        suggestions: suggestion,
      };
    }
    const warnings = GOOD.has(row.status)
      ? []
      : [`Revision ${requested} ended ${row.status}: rolling back to it may fail the same way.`];
    return { ok: true, target: row, reason: `revision ${requested} was asked for`, warnings };
  }
  if (!suggested) {
    const never = current.status === "pending-install" || sorted.length === 1;
    return {
      ok: false,
      reason: never
        ? `${releaseName} has no earlier revision to roll back to (only ${label(current)}).`
        : `${releaseName} has no earlier revision that was deployed successfully.`,
      suggestions: [`uninstall ${releaseName}, then install it again`],
    };
  }
  const why = GOOD.has(current.status)
    ? `${label(suggested)} is the revision that ran before the current one`
    : `${label(suggested)} is the last good revision before ${label(current)}`;
  return { ok: true, target: suggested, reason: why, warnings: [] };
}
