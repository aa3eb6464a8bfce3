// The alert thread's own messages: the top post (the group as it stands, updated on every
// notification) and the replies for what changed. Plain text from plain data; to become a
// renderer of the neutral message model once that settles.
import type { AlertThreadRecord, ThreadAlert } from "../store/alert-threads.ts";
import type { GroupChanges } from "./compare-alert-group.ts";
import { formatTime, plainMessage } from "./plain-message.ts";
import type { ThreadMessage } from "./thread-poster.ts";

const MAX_LISTED = 10;

function where(alert: ThreadAlert): string {
  const t = alert.target;
  if (t.kind === "release") {
    return `${t.workload} → release ${t.release.namespace}/${t.release.name}`;
  }
  const what = t.workload ?? "no workload";
  return `${what}${t.namespace === null ? "" : ` in ${t.namespace}`} → no Helm release (${t.reason})`;
}

function alertLine(alert: ThreadAlert): string {
  const severity = alert.severity === null ? "" : ` (${alert.severity})`;
  const summary = alert.summary === "" ? "" : `: ${alert.summary}`;
  return `• ${alert.status} · ${alert.alertname}${severity}${summary} — ${where(alert)}`;
}

function listAlerts(alerts: ThreadAlert[]): string[] {
  const lines = alerts.slice(0, MAX_LISTED).map(alertLine);
  if (alerts.length > MAX_LISTED) lines.push(`… and ${alerts.length - MAX_LISTED} more alerts`);
  return lines;
}

// The group's alertname; a group by other labels is named by its alerts.
function groupName(record: AlertThreadRecord): string {
  const names = [...new Set(record.alerts.map((a) => a.alertname))];
  const name =
    record.groupLabels.alertname ??
    (names.length === 1 && names[0] !== undefined ? names[0] : `${record.alerts.length} alerts`);
  const namespace = record.groupLabels.namespace;
  return namespace === undefined ? name : `${name} in ${namespace}`;
}

export function releasesOf(alerts: ThreadAlert[]): string[] {
  const refs = alerts.flatMap((a) =>
    a.target.kind === "release" ? [`${a.target.release.namespace}/${a.target.release.name}`] : [],
  );
  return [...new Set(refs)];
}

export function renderAlertRoot(record: AlertThreadRecord): ThreadMessage {
  const firing = record.alerts.filter((a) => a.status === "firing").length;
  const releases = releasesOf(record.alerts);
  const state = record.status === "resolved" ? "RESOLVED" : "FIRING";
  const found =
    releases.length === 0
      ? "no Helm release found"
      : `release${releases.length === 1 ? "" : "s"} ${releases.join(", ")}`;
  const labels = Object.entries(record.groupLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const lines = [
    `Alertmanager group ${labels === "" ? "(no group labels)" : labels}: ${record.status}, ${firing} of ${record.alerts.length} alerts firing.`,
    ...listAlerts(record.alerts),
    releases.length === 0
      ? "Wheelhouse found no Helm release behind these alerts, so there is nothing to diagnose."
      : "The diagnosis follows in this thread.",
    `Notified ${record.notifications} time${record.notifications === 1 ? "" : "s"}; first ${formatTime(record.openedAt)}, last ${formatTime(record.updatedAt)}.`,
  ];
  return plainMessage(`[${state}] ${groupName(record)}: ${found}`, lines);
}

// One reply for everything a notification changed; null when it changed nothing.
export function renderGroupChanges(
  record: AlertThreadRecord,
  changes: GroupChanges,
  added: ThreadAlert[],
): ThreadMessage | null {
  const lines: string[] = [];
  if (changes.groupRefired) lines.push("The group is firing again.");
  if (added.length > 0) lines.push("New in this group:", ...listAlerts(added));
  if (changes.refired.length > 0) lines.push("Firing again:", ...listAlerts(changes.refired));
  if (changes.resolved.length > 0) {
    lines.push(
      "Resolved:",
      ...listAlerts(changes.resolved.map((a) => ({ ...a, status: "resolved" }))),
    );
  }
  if (changes.groupResolved)
    lines.push(`All alerts of the group are resolved (${formatTime(record.updatedAt)}).`);
  if (lines.length === 0) return null;
  const summary = changes.groupResolved
    ? `Resolved: ${groupName(record)}`
    : `${groupName(record)}: ${lines[0]}`;
  return plainMessage(summary, lines);
}
