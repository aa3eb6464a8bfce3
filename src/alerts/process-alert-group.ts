// The work behind one acknowledged notification, alone for its group across replicas: the
// first notification of a group opens its thread (the alerts, then a diagnosis of each release
// behind them); later ones update the top post, reply with what changed and diagnose releases
// the thread has not seen. The policy's alertRoutes decide the channel.
import type { KubeReader } from "../kube/kubectl-client.ts";
import { chooseAlertChannel } from "../policy/choose-alert-channel.ts";
import type { Policy } from "../policy/policy-schema.ts";
import { isNamespaceReadable } from "../policy/resolve-channel-rule.ts";
import type { AlertThreadRecord, AlertThreadStore } from "../store/alert-threads.ts";
import { errorFields, logRedacted, type ThreadDeps } from "./alert-deps.ts";
import type { AlertmanagerPayload } from "./alertmanager-payload.ts";
import { compareAlertGroup } from "./compare-alert-group.ts";
import { releasesOf, renderAlertRoot, renderGroupChanges } from "./render-alert-thread.ts";
import { replyWithDiagnosis } from "./reply-with-diagnosis.ts";
import { toThreadAlerts } from "./to-thread-alerts.ts";

export interface AlertGroupDeps extends ThreadDeps {
  store: AlertThreadStore;
  kube: KubeReader;
  policy: Policy;
  // Releases diagnosed per notification at most. Default 3.
  maxDiagnoses?: number;
  // How long a firing group's thread is kept after its last notification. Default 7 days.
  firingTtlSeconds?: number;
  // How long a resolved group's thread is reused should it fire again. Default 1 day.
  resolvedTtlSeconds?: number;
}

export type AlertGroupOutcome =
  | { kind: "opened" | "updated"; channel: string; threadTs: string }
  | { kind: "unrouted"; reason: string }
  | { kind: "ignored"; reason: string };

function groupNamespace(payload: AlertmanagerPayload): string | null {
  return payload.commonLabels.namespace ?? payload.alerts[0]?.labels.namespace ?? null;
}

async function save(deps: AlertGroupDeps, record: AlertThreadRecord): Promise<void> {
  const ttl =
    record.status === "firing"
      ? (deps.firingTtlSeconds ?? 7 * 24 * 3600)
      : (deps.resolvedTtlSeconds ?? 24 * 3600);
  await deps.store.save(record, ttl);
}

// Releases of firing alerts that this thread has not diagnosed and its channel may see.
async function diagnoseNew(deps: AlertGroupDeps, record: AlertThreadRecord): Promise<void> {
  const firing = record.alerts.filter((a) => a.status === "firing");
  const fresh = releasesOf(firing).filter((r) => !record.diagnosed.includes(r));
  const readable = fresh.filter((r) =>
    isNamespaceReadable(deps.policy, record.channel, r.slice(0, r.indexOf("/"))),
  );
  const thread = { channel: record.channel, threadTs: record.threadTs };
  for (const ref of readable.slice(0, deps.maxDiagnoses ?? 3)) {
    const slash = ref.indexOf("/");
    await replyWithDiagnosis(deps, thread, {
      namespace: ref.slice(0, slash),
      name: ref.slice(slash + 1),
    });
    record.diagnosed.push(ref);
    await save(deps, record);
  }
}

async function openThread(
  deps: AlertGroupDeps,
  payload: AlertmanagerPayload,
  channel: string,
): Promise<AlertGroupOutcome> {
  if (payload.status === "resolved") {
    return { kind: "ignored", reason: "resolved before any thread was opened" };
  }
  const now = (deps.now?.() ?? new Date()).toISOString();
  const record: AlertThreadRecord = {
    groupKey: payload.groupKey,
    channel,
    threadTs: "",
    status: payload.status,
    groupLabels: payload.groupLabels,
    openedAt: now,
    updatedAt: now,
    notifications: 1,
    alerts: await toThreadAlerts(payload.alerts, deps.kube),
    diagnosed: [],
  };
  record.threadTs = await deps.poster.post(channel, renderAlertRoot(record));
  // Saved before anything else can fail: the thread exists now, whatever happens next.
  await save(deps, record);
  await diagnoseNew(deps, record);
  return { kind: "opened", channel, threadTs: record.threadTs };
}

async function updateThread(
  deps: AlertGroupDeps,
  payload: AlertmanagerPayload,
  record: AlertThreadRecord,
): Promise<AlertGroupOutcome> {
  const changes = compareAlertGroup(record, payload);
  const added = await toThreadAlerts(changes.added, deps.kube);
  const latest = new Map(payload.alerts.map((a) => [a.fingerprint, a]));
  record.alerts = [
    ...record.alerts.map((a) => {
      const now = latest.get(a.fingerprint);
      return now === undefined ? a : { ...a, status: now.status, endsAt: now.endsAt };
    }),
    ...added,
  ];
  record.status = payload.status;
  record.notifications += 1;
  record.updatedAt = (deps.now?.() ?? new Date()).toISOString();
  // Firing again after a resolution deserves a fresh look.
  if (changes.groupRefired) record.diagnosed = [];
  await save(deps, record);
  const thread = { channel: record.channel, threadTs: record.threadTs };
  try {
    await deps.poster.update(record.channel, record.threadTs, renderAlertRoot(record));
  } catch (error) {
    // The top post may have been deleted; the thread's replies still tell the story.
    logRedacted(deps.log, "warn", "alert thread update failed", errorFields(error));
  }
  const reply = renderGroupChanges(record, changes, added);
  if (reply !== null) await deps.poster.reply(thread, reply);
  if (record.status === "firing") await diagnoseNew(deps, record);
  return { kind: "updated", channel: record.channel, threadTs: record.threadTs };
}

// A group keyed by alertname alone spans namespaces: a channel sees only its own.
function visibleTo(
  policy: Policy,
  channel: string,
  payload: AlertmanagerPayload,
): AlertmanagerPayload {
  const alerts = payload.alerts.filter((a) => {
    const namespace = a.labels.namespace;
    return namespace === undefined || isNamespaceReadable(policy, channel, namespace);
  });
  return { ...payload, alerts };
}

export async function processAlertGroup(
  payload: AlertmanagerPayload,
  deps: AlertGroupDeps,
): Promise<AlertGroupOutcome> {
  return deps.store.withGroup(payload.groupKey, async () => {
    const record = await deps.store.get(payload.groupKey);
    if (record !== null) {
      return updateThread(deps, visibleTo(deps.policy, record.channel, payload), record);
    }
    const choice = chooseAlertChannel(deps.policy, groupNamespace(payload));
    if (choice.channel === null) {
      logRedacted(deps.log, "info", "alert group not routed to any channel", {
        groupKey: payload.groupKey,
        reason: choice.reason,
      });
      return { kind: "unrouted", reason: choice.reason };
    }
    const visible = visibleTo(deps.policy, choice.channel, payload);
    if (visible.alerts.length === 0) {
      return { kind: "ignored", reason: "no alert in a namespace the channel may see" };
    }
    return openThread(deps, visible, choice.channel);
  });
}
