// A notification's alerts as the thread keeps them: name, summary, severity and the release
// behind each. Alerts about the same workload are mapped once; a few mappings at a time (each
// is a few kubectl processes).
import type { KubeReader } from "../kube/kubectl-client.ts";
import { redactText } from "../redact/redact-text.ts";
import type { ThreadAlert } from "../store/alert-threads.ts";
import type { Alert } from "./alertmanager-payload.ts";
import { findAlertWorkloads } from "./find-alert-workloads.ts";
import { type AlertTarget, mapAlertToRelease } from "./map-alert-to-release.ts";

const CONCURRENCY = 4;

function createLimiter(limit: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

// What decides the mapping: the namespace and the workload labels, nothing else.
function mappingKey(alert: Alert): string {
  const workloads = findAlertWorkloads(alert.labels).map((w) => `${w.kind}/${w.name}`);
  return JSON.stringify([alert.labels.namespace ?? null, workloads]);
}

export async function toThreadAlerts(alerts: Alert[], kube: KubeReader): Promise<ThreadAlert[]> {
  const limit = createLimiter(CONCURRENCY);
  const mapped = new Map<string, Promise<AlertTarget>>();
  const targetOf = (alert: Alert) => {
    const key = mappingKey(alert);
    let target = mapped.get(key);
    if (target === undefined) {
      target = limit(() => mapAlertToRelease(alert.labels, kube));
      mapped.set(key, target);
    }
    return target;
  };
  return Promise.all(
    alerts.map(async (alert): Promise<ThreadAlert> => {
      const a = alert.annotations;
      return {
        fingerprint: alert.fingerprint,
        status: alert.status,
        alertname: alert.labels.alertname ?? "(unnamed alert)",
        summary: redactText(a.summary ?? a.description ?? a.message ?? ""),
        severity: alert.labels.severity ?? null,
        target: await targetOf(alert),
        startsAt: alert.startsAt,
        endsAt: alert.endsAt,
      };
    }),
  );
}
