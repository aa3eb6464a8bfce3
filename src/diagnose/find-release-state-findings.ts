// What helm itself says is wrong: a release stuck in pending-install/upgrade/rollback (a helm
// process died mid-operation, and helm refuses every new operation until it is cleared), or a
// failed release. A failure caused by a hook is left to findHookFindings. Pure.
import type { Finding, FindingCode, ReleaseSnapshot } from "../model/diagnosis.ts";
import type { HelmStatus } from "../model/release.ts";
import { elapsedMs, formatAgo, formatDuration } from "./format-age.ts";
import { lastRanRevision } from "./history-queries.ts";

function stuckCode(status: HelmStatus): FindingCode | null {
  if (status === "pending-install") return "stuck-pending-install";
  if (status === "pending-upgrade") return "stuck-pending-upgrade";
  if (status === "pending-rollback") return "stuck-pending-rollback";
  return null;
}

// helm's description of a hook failure: "pre-upgrade hooks failed: …".
export const HOOK_FAILURE = /\b(pre|post)-(install|upgrade|rollback|delete) hooks? failed\b/;

function firstLine(text: string): string {
  return text.split("\n")[0]?.trim() ?? "";
}

export function findReleaseStateFindings(snapshot: ReleaseSnapshot): Finding[] {
  const status = snapshot.status;
  if (status === null) return [];
  const { name } = snapshot.release;
  const at = `revision ${status.revision} (${status.chart})`;
  const since = status.lastDeployed;
  const last = lastRanRevision(snapshot.history, status.revision);
  const lastLine =
    last === null
      ? "no earlier revision of it was ever deployed"
      : `the last revision that was deployed is ${last.revision} (${last.chart}, ${last.status})`;
  const code = stuckCode(status.status);
  if (code !== null) {
    const ms = elapsedMs(since, snapshot.takenAt);
    const howLong = ms === null ? "for an unknown time" : `for ${formatDuration(ms)}`;
    return [
      {
        code,
        severity: "critical",
        summary: `${name} has been ${status.status} at ${at} ${howLong}: helm refuses every new install, upgrade and rollback until it is cleared`,
        evidence: [
          `helm status: ${status.status}, revision ${status.revision}, since ${since ?? "an unknown time"}`,
          ...(status.description ? [`helm's description: ${firstLine(status.description)}`] : []),
          lastLine,
          "a helm process that dies mid-operation leaves this state; if one is still running, wait for it",
        ],
      },
    ];
  }
  if (status.status !== "failed" || HOOK_FAILURE.test(status.description)) return [];
  return [
    {
      code: "failed-release",
      severity: "critical",
      summary: `${at} failed ${formatAgo(since, snapshot.takenAt)}: ${firstLine(status.description) || "helm gives no reason"}`,
      evidence: [`helm status: failed, revision ${status.revision}`, lastLine],
    },
  ];
}
