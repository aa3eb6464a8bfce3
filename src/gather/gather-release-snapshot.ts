// Everything a diagnosis reads about one release, in parallel, bounded, and in one round where
// it can: helm's records of the release (status, history, every revision's values and manifest:
// read-release-records.ts) and one listing of the namespace's workloads, Jobs, pods and events
// start at once; then only the log tails of crashed containers. When the records cannot be
// read, helm status and history are asked instead, and earlier revisions read with helm once
// history has named them. A read that fails is recorded, not fatal: the diagnosis says what it
// could not see. Only "no such release" and a failing `helm status` end it early.

import type { KubeReader } from "../kube/kubectl-client.ts";
import type { ContainerLogReader } from "../kube/kubectl-logs.ts";
import type { HistoryEntry, ReleaseDetail } from "../model/helm-output-schemas.ts";
import type { ReleaseRef } from "../model/release.ts";
import {
  type ReleaseSnapshot,
  type RevisionSnapshot,
  SNAPSHOT_FORMAT,
  type SnapshotReadError,
  type SnapshotStatus,
} from "../model/release-snapshot.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { gatherLiveObjects, listNamespace } from "./gather-live-objects.ts";
import { type Limiter, limitConcurrency } from "./limit-concurrency.ts";
import { type RecordError, readOrRecord } from "./read-or-record.ts";
import { type ReleaseRecords, readReleaseRecords } from "./read-release-records.ts";

export interface SnapshotHelm {
  status(release: ReleaseRef, revision?: number): Promise<ReleaseDetail>;
  history(release: ReleaseRef, max?: number): Promise<HistoryEntry[]>;
  getValues(
    release: ReleaseRef,
    options?: { all?: boolean; revision?: number },
  ): Promise<Record<string, unknown>>;
  getManifest(release: ReleaseRef, revision?: number): Promise<string>;
}

export interface SnapshotDeps {
  helm: SnapshotHelm;
  kube: Pick<KubeReader, "get" | "getOne">;
  logs: ContainerLogReader;
  now?: () => Date;
}

export interface SnapshotOptions {
  // Revisions whose values and manifests are read, the current one included. Default 4.
  revisions?: number;
  // helm and kubectl processes at once. Default 6.
  concurrency?: number;
  // Log lines per crashed container, and containers whose logs are read. Defaults 20 and 3.
  logLines?: number;
  maxLogs?: number;
}

// History rows read: enough to find the last good revision behind a run of failures.
const HISTORY_MAX = 20;

function snapshotStatus(detail: ReleaseDetail, history: readonly HistoryEntry[]): SnapshotStatus {
  const entry = history.find((h) => h.revision === detail.version);
  // `helm status -o json` carries no chart (helm 4), so it comes from history when it can.
  const chart = detail.chart
    ? `${detail.chart.metadata.name}-${detail.chart.metadata.version}`
    : (entry?.chart ?? "");
  return {
    revision: detail.version,
    status: detail.info.status,
    description: detail.info.description,
    chart,
    appVersion: detail.chart?.metadata.appVersion ?? entry?.app_version ?? "",
    firstDeployed: detail.info.first_deployed ?? null,
    lastDeployed: detail.info.last_deployed ?? null,
    hooks: (detail.hooks ?? []).map((h) => ({
      name: h.name,
      kind: h.kind,
      events: h.events,
      phase: h.last_run?.phase || null,
      startedAt: h.last_run?.started_at || null,
      completedAt: h.last_run?.completed_at || null,
      deletePolicies: h.delete_policies,
    })),
  };
}

async function readStatus(helm: SnapshotHelm, release: ReleaseRef): Promise<ReleaseDetail | null> {
  try {
    return await helm.status(release);
  } catch (error) {
    if (codedErrorInfo(error).code === "helm_release_not_found") return null;
    throw error;
  }
}

export async function gatherReleaseSnapshot(
  deps: SnapshotDeps,
  release: ReleaseRef,
  options: SnapshotOptions = {},
): Promise<ReleaseSnapshot> {
  const takenAt = (deps.now?.() ?? new Date()).toISOString();
  const limit = limitConcurrency(options.concurrency ?? 6);
  const readErrors: SnapshotReadError[] = [];
  // A failure that is not an adapter's typed error is a bug: thrown once every read settled.
  const bugs: unknown[] = [];
  const record: RecordError = (read, error) => {
    const info = codedErrorInfo(error);
    if (info.code === "unexpected_error") bugs.push(error);
    else readErrors.push({ read, code: info.code, message: info.message });
  };
  const ref = { name: release.name, namespace: release.namespace };
  const liveDeps = { kube: deps.kube, logs: deps.logs, limit, record };
  const listing = listNamespace(liveDeps, ref.namespace);
  const records = await limit(() => readReleaseRecords(deps.kube, ref));
  const state = records.latest
    ? { detail: records.latest, history: Promise.resolve(records.history.slice(-HISTORY_MAX)) }
    : await readStateWithHelm(deps.helm, ref, limit, record);
  const { detail } = state;
  if (detail === null) {
    return emptySnapshot(takenAt, ref, readErrors);
  }
  // helm 3 and 4 both print the manifest with the status; `helm get manifest` if one does not.
  const manifest =
    detail.manifest !== undefined
      ? Promise.resolve(detail.manifest)
      : readOrRecord(
          "helm manifest",
          limit(() => deps.helm.getManifest(ref)),
          "",
          record,
        );
  const live = gatherLiveObjects(
    liveDeps,
    { release: ref, manifest, hooks: detail.hooks ?? [], listing },
    { logLines: options.logLines ?? 20, maxLogs: options.maxLogs ?? 3 },
  );
  const rows = await state.history;
  const earlier = rows
    .map((h) => h.revision)
    .filter((r) => r < detail.version)
    .sort((a, b) => b - a)
    .slice(0, Math.max(0, (options.revisions ?? 4) - 1));
  const revisions = Promise.all([
    manifest.then(
      (m): RevisionSnapshot => ({
        revision: detail.version,
        values: detail.config ?? {},
        manifest: m,
      }),
    ),
    ...earlier.map((revision) =>
      readRevision(deps.helm, { ref, revision, records, limit, record }),
    ),
  ]);
  const [objects, revs] = await Promise.all([live, revisions]);
  if (bugs.length > 0) throw bugs[0];
  return {
    format: SNAPSHOT_FORMAT,
    takenAt,
    release: ref,
    status: snapshotStatus(detail, rows),
    history: rows.map((h) => ({
      revision: h.revision,
      updated: h.updated,
      status: h.status,
      chart: h.chart,
      appVersion: h.app_version,
      description: h.description,
    })),
    revisions: revs,
    ...objects,
    readErrors,
  };
}

// When helm's records could not be read: helm status and history, side by side.
async function readStateWithHelm(
  helm: SnapshotHelm,
  ref: ReleaseRef,
  limit: Limiter,
  record: RecordError,
): Promise<{ detail: ReleaseDetail | null; history: Promise<HistoryEntry[]> }> {
  const history = readOrRecord(
    "helm history",
    limit(() => helm.history(ref, HISTORY_MAX)),
    [],
    record,
  );
  return { detail: await limit(() => readStatus(helm, ref)), history };
}

// An earlier revision from helm's record when it was there, else from helm.
async function readRevision(
  helm: SnapshotHelm,
  input: {
    ref: ReleaseRef;
    revision: number;
    records: ReleaseRecords;
    limit: Limiter;
    record: RecordError;
  },
): Promise<RevisionSnapshot> {
  const { ref, revision, limit, record } = input;
  const found = input.records.revisions.get(revision);
  if (found !== undefined) return { revision, ...found };
  const [values, manifest] = await Promise.all([
    readOrRecord(
      `helm values of revision ${revision}`,
      limit(() => helm.getValues(ref, { revision })),
      {},
      record,
    ),
    readOrRecord(
      `helm manifest of revision ${revision}`,
      limit(() => helm.getManifest(ref, revision)),
      "",
      record,
    ),
  ]);
  return { revision, values, manifest };
}

function emptySnapshot(
  takenAt: string,
  release: ReleaseRef,
  readErrors: SnapshotReadError[],
): ReleaseSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    takenAt,
    release,
    status: null,
    history: [],
    revisions: [],
    workloads: [],
    pods: [],
    jobs: [],
    events: [],
    logs: [],
    readErrors,
  };
}
