// The live side of a release snapshot: the manifest's Deployments, StatefulSets and DaemonSets
// and their pods (selected by the manifest's own selectors), the hook Jobs and their pods, the
// namespace's Warning events about them, and the log tails of containers that crashed. All of
// it comes from one listing of the release's namespace, started before helm has answered;
// only workloads the chart puts in other namespaces, and everything when that listing failed,
// are read one by one. Objects lose their managedFields: noise, and large.
import { classifyPodIssues } from "../diagnose/classify-pod-issues.ts";
import { WORKLOAD_RESOURCES } from "../diagnose/find-release-workloads.ts";
import { workloadShapeSchema } from "../diagnose/read-live-objects.ts";
import { concernsWorkloads } from "../diagnose/select-warning-events.ts";
import type { KubeObject } from "../kube/kube-object-schema.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { ContainerLogReader } from "../kube/kubectl-logs.ts";
import type { ReleaseRef } from "../model/release.ts";
import type { ReleaseSnapshot, SnapshotLog } from "../model/release-snapshot.ts";
import { parseManifest } from "../plan/parse-manifest.ts";
import type { Limiter } from "./limit-concurrency.ts";
import { type RecordError, readOrRecord } from "./read-or-record.ts";

type Json = Record<string, unknown>;
type LiveParts = Pick<ReleaseSnapshot, "workloads" | "pods" | "jobs" | "events" | "logs">;

export interface LiveDeps {
  kube: Pick<KubeReader, "get" | "getOne">;
  logs: ContainerLogReader;
  limit: Limiter;
  record: RecordError;
}

interface WorkloadTarget {
  kind: keyof typeof WORKLOAD_RESOURCES;
  name: string;
  namespace: string;
  selector: string | null;
}

function slim(object: KubeObject): Json {
  const { managedFields: _dropped, ...metadata } = object.metadata;
  return { ...object, metadata };
}

function workloadTargets(manifest: string, namespace: string): WorkloadTarget[] {
  const targets: WorkloadTarget[] = [];
  for (const { ref, body } of parseManifest(manifest, namespace).objects) {
    const parsed = workloadShapeSchema.safeParse(body);
    if (!parsed.success || ref.apiVersion !== "apps/v1") continue;
    const labels = Object.entries(parsed.data.spec.selector.matchLabels);
    targets.push({
      kind: parsed.data.kind,
      name: ref.name,
      namespace: ref.namespace ?? namespace,
      selector: labels.length === 0 ? null : labels.map(([k, v]) => `${k}=${v}`).join(","),
    });
  }
  return targets;
}

async function readWorkload(
  deps: LiveDeps,
  t: WorkloadTarget,
): Promise<{ object: KubeObject | null; pods: KubeObject[] }> {
  const where = `${t.kind} ${t.name}`;
  const [object, pods] = await Promise.all([
    readOrRecord(
      `workloads: ${where}`,
      deps.limit(() =>
        deps.kube.getOne({
          resource: WORKLOAD_RESOURCES[t.kind],
          namespace: t.namespace,
          name: t.name,
        }),
      ),
      null,
      deps.record,
    ),
    t.selector === null
      ? Promise.resolve([])
      : readOrRecord(
          `pods of ${where}`,
          deps.limit(() =>
            deps.kube.get({ resource: "pods", namespace: t.namespace, selector: t.selector ?? "" }),
          ),
          [],
          deps.record,
        ),
  ]);
  return { object, pods };
}

async function readHookJob(
  deps: LiveDeps,
  namespace: string,
  name: string,
): Promise<{ object: KubeObject | null; pods: KubeObject[] }> {
  const [object, pods] = await Promise.all([
    readOrRecord(
      `hook Job ${name}`,
      deps.limit(() => deps.kube.getOne({ resource: "jobs.batch", namespace, name })),
      null,
      deps.record,
    ),
    readOrRecord(
      `pods of hook Job ${name}`,
      deps.limit(() =>
        deps.kube.get({
          resource: "pods",
          namespace,
          selector: `batch.kubernetes.io/job-name=${name}`,
        }),
      ),
      [],
      deps.record,
    ),
  ]);
  return { object, pods };
}

async function readLogs(
  deps: LiveDeps,
  namespace: string,
  pods: readonly KubeObject[],
  options: { logLines: number; maxLogs: number },
): Promise<SnapshotLog[]> {
  const wanted = pods
    .flatMap(classifyPodIssues)
    .filter((i) => i.container !== null && (i.crashed || i.exitCode !== null))
    .slice(0, options.maxLogs);
  const logs = await Promise.all(
    wanted.map(async (issue) => {
      const container = issue.container ?? "";
      // A restarted container's last words are in its previous instance; a Job pod's in its own.
      const previous = issue.restarts > 0;
      const text = await readOrRecord(
        `logs ${issue.pod}/${container}`,
        deps.limit(() =>
          deps.logs.tail({
            namespace,
            pod: issue.pod,
            container,
            previous,
            lines: options.logLines,
          }),
        ),
        null,
        deps.record,
      );
      return text === null ? null : { pod: issue.pod, container, previous, text };
    }),
  );
  return logs.filter((l): l is SnapshotLog => l !== null);
}

// Every kind a snapshot reads, in one kubectl process: a List of all of them.
export const NAMESPACE_KINDS = [
  ...Object.values(WORKLOAD_RESOURCES),
  "jobs.batch",
  "pods",
  "events",
].join(",");

// The release namespace's objects of NAMESPACE_KINDS; null when the listing failed, and the
// snapshot reads (and records failures) one object at a time as it would without it.
export function listNamespace(deps: LiveDeps, namespace: string): Promise<KubeObject[] | null> {
  return deps
    .limit(() => deps.kube.get({ resource: NAMESPACE_KINDS, namespace }))
    .catch(() => null);
}

function hasLabels(object: KubeObject, selector: string): boolean {
  const labels = object.metadata.labels ?? {};
  return selector.split(",").every((pair) => {
    const [key = "", value = ""] = pair.split("=");
    return labels[key] === value;
  });
}

type Found = { object: KubeObject | null; pods: KubeObject[] };

// What readWorkload and readHookJob would have read, found in the listing instead.
function findInListing(listed: readonly KubeObject[], kind: string, name: string, pods: string) {
  return {
    object: listed.find((o) => o.kind === kind && o.metadata.name === name) ?? null,
    pods: pods === "" ? [] : listed.filter((o) => o.kind === "Pod" && hasLabels(o, pods)),
  };
}

function readParts(
  deps: LiveDeps,
  listed: readonly KubeObject[] | null,
  namespace: string,
  targets: readonly WorkloadTarget[],
  jobNames: readonly string[],
): { workloads: Promise<Found[]>; jobs: Promise<Found[]>; events: Promise<KubeObject[]> } {
  if (listed === null) {
    return {
      workloads: Promise.all(targets.map((t) => readWorkload(deps, t))),
      jobs: Promise.all(jobNames.map((name) => readHookJob(deps, namespace, name))),
      events: readOrRecord(
        "events",
        deps.limit(() => deps.kube.get({ resource: "events", namespace })),
        [],
        deps.record,
      ),
    };
  }
  return {
    workloads: Promise.all(
      targets.map((t) =>
        t.namespace === namespace
          ? findInListing(listed, t.kind, t.name, t.selector ?? "")
          : readWorkload(deps, t),
      ),
    ),
    jobs: Promise.resolve(
      jobNames.map((name) =>
        findInListing(listed, "Job", name, `batch.kubernetes.io/job-name=${name}`),
      ),
    ),
    events: Promise.resolve(listed.filter((o) => o.kind === "Event")),
  };
}

export async function gatherLiveObjects(
  deps: LiveDeps,
  input: {
    release: ReleaseRef;
    manifest: Promise<string>;
    hooks: ReadonlyArray<{ name: string; kind: string }>;
    // The namespace's listing (listNamespace), started as early as the caller could.
    listing: Promise<KubeObject[] | null>;
  },
  options: { logLines: number; maxLogs: number },
): Promise<LiveParts> {
  const { namespace } = input.release;
  const jobNames = input.hooks.filter((h) => h.kind === "Job").map((h) => h.name);
  const [manifest, listed] = await Promise.all([input.manifest, input.listing]);
  const targets = workloadTargets(manifest, namespace);
  const parts = readParts(deps, listed, namespace, targets, jobNames);
  const [workloads, jobs] = await Promise.all([parts.workloads, parts.jobs]);
  const pods = [...workloads, ...jobs].flatMap((w) => w.pods);
  const unique = [...new Map(pods.map((p) => [p.metadata.name, p])).values()];
  const names = [...targets.map((t) => t.name), ...jobNames];
  const [logs, allEvents] = await Promise.all([
    readLogs(deps, namespace, unique, options),
    parts.events,
  ]);
  return {
    workloads: workloads.flatMap((w) => (w.object === null ? [] : [slim(w.object)])),
    pods: unique.map(slim),
    jobs: jobs.flatMap((j) => (j.object === null ? [] : [slim(j.object)])),
    events: allEvents
      .filter((e) => e.type === "Warning" && concernsWorkloads(involvedName(e), names))
      .map(slim),
    logs,
  };
}

function involvedName(event: KubeObject): string {
  const involved = event.involvedObject;
  if (typeof involved !== "object" || involved === null || !("name" in involved)) return "";
  return typeof involved.name === "string" ? involved.name : "";
}
