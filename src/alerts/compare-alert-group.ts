// What a notification changes in a group's thread: alerts it has not seen, alerts that
// resolved or fired again, and the group's own status. Alerts missing from a notification are
// left as they were (Alertmanager drops resolved alerts once it has reported them). Pure.
import type { AlertThreadRecord, ThreadAlert } from "../store/alert-threads.ts";
import type { Alert, AlertmanagerPayload } from "./alertmanager-payload.ts";

export interface GroupChanges {
  added: Alert[];
  resolved: ThreadAlert[];
  refired: ThreadAlert[];
  groupResolved: boolean;
  groupRefired: boolean;
}

export function compareAlertGroup(
  record: AlertThreadRecord,
  payload: AlertmanagerPayload,
): GroupChanges {
  const known = new Map(record.alerts.map((a) => [a.fingerprint, a]));
  const changes: GroupChanges = {
    added: [],
    resolved: [],
    refired: [],
    groupResolved: record.status === "firing" && payload.status === "resolved",
    groupRefired: record.status === "resolved" && payload.status === "firing",
  };
  for (const alert of payload.alerts) {
    const before = known.get(alert.fingerprint);
    if (before === undefined) changes.added.push(alert);
    else if (before.status === "firing" && alert.status === "resolved")
      changes.resolved.push(before);
    else if (before.status === "resolved" && alert.status === "firing")
      changes.refired.push(before);
  }
  return changes;
}

export function hasNews(changes: GroupChanges): boolean {
  return (
    changes.added.length > 0 ||
    changes.resolved.length > 0 ||
    changes.refired.length > 0 ||
    changes.groupResolved ||
    changes.groupRefired
  );
}
