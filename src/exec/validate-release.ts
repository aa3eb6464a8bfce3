// After a command ran: is the release healthy? helm status, then every Deployment, StatefulSet
// and DaemonSet of its manifest polled until rolled out or the timeout; when something is wrong,
// the evidence a person needs: pod states, recent Warning events, the crashed containers' logs.
// The API server going away meanwhile is waited out for a while (read-through-outage.ts), never
// past the deadline.
import { evaluatePod, type PodProblem } from "../diagnose/evaluate-pod.ts";
import { evaluateWorkload, type WorkloadRollout } from "../diagnose/evaluate-workload.ts";
import {
  findReleaseWorkloads,
  WORKLOAD_RESOURCES,
  type WorkloadRef,
} from "../diagnose/find-release-workloads.ts";
import { selectWarningEvents } from "../diagnose/select-warning-events.ts";
import { summariseWorkload } from "../diagnose/summarise-workload.ts";
import { tailLog } from "../diagnose/tail-log.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { ContainerLogReader } from "../kube/kubectl-logs.ts";
import type { ValidationResult } from "../model/execution-report.ts";
import type { ReleaseDetail } from "../model/helm-output-schemas.ts";
import type { ReleaseRef } from "../model/release.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { type OutageLimits, readThroughOutage } from "./read-through-outage.ts";

// signal: the validation's deadline, which stops the process.
export interface ValidationHelm {
  status(
    release: ReleaseRef,
    revision?: number,
    options?: { signal?: AbortSignal },
  ): Promise<ReleaseDetail>;
  getManifest(
    release: ReleaseRef,
    revision?: number,
    options?: { signal?: AbortSignal },
  ): Promise<string>;
}

export interface ValidationDeps {
  helm: ValidationHelm;
  kube: Pick<KubeReader, "get" | "getOne">;
  logs: ContainerLogReader;
}

export interface ValidationOptions {
  // How long to wait for rollouts.
  timeoutMs: number;
  // Between two looks at the workloads. Default 1000.
  pollMs?: number;
  // Fatal pod problems (CrashLoopBackOff, ImagePullBackOff…) seen for this long end the wait
  // early: more waiting will not fix them. Default 5000.
  settleMs?: number;
  // Log lines kept per container, and containers whose logs are read. Defaults 20 and 3.
  logLines?: number;
  maxLogs?: number;
  // After an uninstall: healthy means the release is gone.
  expectGone?: boolean;
  // How long the API server may stay unreachable before the check gives up. Default 30000.
  outageGraceMs?: number;
}

interface Observation {
  ref: WorkloadRef;
  rollout: WorkloadRollout | null;
  problems: PodProblem[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Events are evidence, not the verdict: a silent API server may not delay the report for them.
const EVIDENCE_READ_MS = 10_000;

async function observe(
  kube: ValidationDeps["kube"],
  ref: WorkloadRef,
  signal: AbortSignal,
): Promise<Observation> {
  const object = await kube.getOne(
    { resource: WORKLOAD_RESOURCES[ref.kind], namespace: ref.namespace, name: ref.name },
    { signal },
  );
  const rollout = object === null ? null : evaluateWorkload(object);
  if (rollout === null || rollout.complete || rollout.selector === null) {
    return { ref, rollout, problems: [] };
  }
  const pods = await kube.get(
    { resource: "pods", namespace: ref.namespace, selector: rollout.selector },
    { signal },
  );
  return { ref, rollout, problems: pods.flatMap(evaluatePod) };
}

function goneResult(
  status: ReleaseDetail | null,
  release: ReleaseRef,
  started: number,
): ValidationResult {
  const gone = status === null || status.info.status === "uninstalled";
  return {
    healthy: gone,
    releaseStatus: status?.info.status ?? "uninstalled",
    revision: status?.version ?? 0,
    workloads: [],
    events: gone ? [] : [`${release.name} is still ${status?.info.status} after the uninstall`],
    logs: [],
    checkedAt: new Date().toISOString(),
    waitedSeconds: Math.round((Date.now() - started) / 1000),
  };
}

async function collectEvidence(
  deps: ValidationDeps,
  release: ReleaseRef,
  observations: Observation[],
  options: ValidationOptions,
): Promise<Pick<ValidationResult, "events" | "logs">> {
  const names = observations.map((o) => o.ref.name);
  let events: string[];
  try {
    events = selectWarningEvents(
      await deps.kube.get(
        { resource: "events", namespace: release.namespace },
        { signal: AbortSignal.timeout(EVIDENCE_READ_MS) },
      ),
      names,
    );
  } catch (error) {
    events = [`(events could not be read: ${codedErrorInfo(error).message})`];
  }
  const containers = observations
    .flatMap((o) => o.problems)
    .filter((p): p is PodProblem & { container: string } => p.container !== null)
    // Crashed containers first: their previous instance says why.
    .sort((a, b) => Number(b.crashed) - Number(a.crashed))
    .slice(0, options.maxLogs ?? 3);
  const logs = await Promise.all(
    containers.map(async (p) => {
      const query = {
        namespace: release.namespace,
        pod: p.pod,
        container: p.container,
        lines: options.logLines ?? 20,
      };
      try {
        const text = await deps.logs.tail({ ...query, previous: p.crashed });
        return { pod: p.pod, container: p.container, text: tailLog(text, query.lines) };
      } catch (error) {
        return {
          pod: p.pod,
          container: p.container,
          text: `(logs unavailable: ${codedErrorInfo(error).message})`,
        };
      }
    }),
  );
  return { events, logs };
}

// The release as helm sees it; null when it is gone and that is what the check expects.
async function readStatus(
  helm: ValidationHelm,
  release: ReleaseRef,
  options: ValidationOptions,
  limits: OutageLimits,
): Promise<ReleaseDetail | null> {
  try {
    return await readThroughOutage((signal) => helm.status(release, undefined, { signal }), limits);
  } catch (error) {
    if (options.expectGone && codedErrorInfo(error).code === "helm_release_not_found") return null;
    throw error;
  }
}

export async function validateRelease(
  deps: ValidationDeps,
  release: ReleaseRef,
  options: ValidationOptions,
): Promise<ValidationResult> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const pollMs = options.pollMs ?? 1000;
  const limits = { deadline, pollMs, graceMs: options.outageGraceMs ?? 30_000 };
  const status = await readStatus(deps.helm, release, options, limits);
  if (options.expectGone || status === null) return goneResult(status, release, started);
  const manifest =
    status.manifest ??
    (await readThroughOutage(
      (signal) => deps.helm.getManifest(release, undefined, { signal }),
      limits,
    ));
  const refs = findReleaseWorkloads(manifest, release.namespace);
  const settleMs = options.settleMs ?? 5000;
  let fatalSince: number | null = null;
  let observations: Observation[];
  for (;;) {
    observations = await readThroughOutage(
      (signal) => Promise.all(refs.map((ref) => observe(deps.kube, ref, signal))),
      limits,
    );
    if (observations.every((o) => o.rollout?.complete)) break;
    const now = Date.now();
    const fatal = observations.some((o) => o.rollout?.failed || o.problems.some((p) => p.fatal));
    fatalSince = fatal ? (fatalSince ?? now) : null;
    if (fatalSince !== null && now - fatalSince >= settleMs) break;
    if (now >= deadline) break;
    await sleep(Math.min(pollMs, deadline - now));
  }
  const workloads = observations.map((o) => summariseWorkload(o.ref, o.rollout, o.problems));
  const healthy = status.info.status === "deployed" && workloads.every((w) => w.healthy);
  const evidence = healthy
    ? { events: [], logs: [] }
    : await collectEvidence(deps, release, observations, options);
  return {
    healthy,
    releaseStatus: status.info.status,
    revision: status.version,
    workloads,
    ...evidence,
    checkedAt: new Date().toISOString(),
    waitedSeconds: Math.round((Date.now() - started) / 1000),
  };
}
