// An alert to the Helm release behind it: the workload its labels name, up its owner chain
// (Pod → ReplicaSet → Deployment, …), to helm's `meta.helm.sh/release-name` annotation, or
// failing that the `app.kubernetes.io/instance` label. helm annotates the objects it applies,
// not the pods their controllers make, so the annotation usually sits at the top of the chain.
import { KubeError } from "../kube/kube-errors.ts";
import type { KubeObject } from "../kube/kube-object-schema.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import { controllingOwner, WORKLOAD_RESOURCES } from "../kube/owner-references.ts";
import { isNamespace, isReleaseName } from "../model/names.ts";
import type { ReleaseRef } from "../model/release.ts";
import {
  findAlertWorkloads,
  guessOwnersFromPodName,
  type WorkloadCandidate,
} from "./find-alert-workloads.ts";

export type AlertTarget =
  | {
      kind: "release";
      release: ReleaseRef;
      // The object the alert is about, then the one that named the release: "Deployment/web".
      workload: string;
      via: "helm-annotation" | "instance-label";
    }
  | { kind: "unknown"; namespace: string | null; workload: string | null; reason: string };

const RELEASE_NAME = "meta.helm.sh/release-name";
const RELEASE_NAMESPACE = "meta.helm.sh/release-namespace";
const INSTANCE = "app.kubernetes.io/instance";
// Pod → ReplicaSet → Deployment is three; a little room for operators' own layers.
const MAX_CHAIN = 5;

type Climb = { target: AlertTarget & { kind: "release" } } | { note: string };

async function climbOwners(
  kube: KubeReader,
  namespace: string,
  first: KubeObject,
  label: string,
): Promise<Climb> {
  let object: KubeObject | null = first;
  let instance: string | undefined;
  for (let depth = 0; object !== null && depth < MAX_CHAIN; depth++) {
    const name = object.metadata.annotations?.[RELEASE_NAME];
    if (name !== undefined && isReleaseName(name)) {
      const releaseNamespace = object.metadata.annotations?.[RELEASE_NAMESPACE] ?? namespace;
      const release = {
        name,
        namespace: isNamespace(releaseNamespace) ? releaseNamespace : namespace,
      };
      return { target: { kind: "release", release, workload: label, via: "helm-annotation" } };
    }
    instance ??= object.metadata.labels?.[INSTANCE];
    const owner = controllingOwner(object);
    if (owner?.resource === undefined) break;
    object = await kube.getOne({ resource: owner.resource, namespace, name: owner.name });
  }
  if (instance !== undefined && isReleaseName(instance)) {
    const release = { name: instance, namespace };
    return { target: { kind: "release", release, workload: label, via: "instance-label" } };
  }
  return { note: `${label} has no Helm release annotation or instance label` };
}

async function getCandidate(
  kube: KubeReader,
  namespace: string,
  candidate: WorkloadCandidate,
): Promise<KubeObject | null> {
  const resource = WORKLOAD_RESOURCES[candidate.kind];
  if (resource === undefined) return null;
  return kube.getOne({ resource, namespace, name: candidate.name });
}

// The pod may be gone (replaced by a rollout); its owners, named after it, usually are not.
async function findObject(
  kube: KubeReader,
  namespace: string,
  candidate: WorkloadCandidate,
): Promise<{ object: KubeObject; label: string } | null> {
  const object = await getCandidate(kube, namespace, candidate);
  if (object !== null) return { object, label: `${candidate.kind}/${candidate.name}` };
  if (candidate.kind !== "Pod") return null;
  const guesses = guessOwnersFromPodName(candidate.name);
  const found = await Promise.all(guesses.map((g) => getCandidate(kube, namespace, g)));
  const index = found.findIndex((o) => o !== null);
  const hit = found[index];
  const guess = guesses[index];
  if (hit === undefined || hit === null || guess === undefined) return null;
  return { object: hit, label: `${guess.kind}/${guess.name} (pod ${candidate.name} is gone)` };
}

function unknown(namespace: string | null, workload: string | null, reason: string): AlertTarget {
  return { kind: "unknown", namespace, workload, reason };
}

export async function mapAlertToRelease(
  labels: Readonly<Record<string, string>>,
  kube: KubeReader,
): Promise<AlertTarget> {
  const namespace = labels.namespace ?? null;
  const candidates = findAlertWorkloads(labels);
  const first = candidates[0];
  const named = first === undefined ? null : `${first.kind}/${first.name}`;
  if (namespace === null) return unknown(null, named, "the alert has no namespace label");
  if (!isNamespace(namespace))
    return unknown(null, named, "its namespace label is not a namespace");
  if (first === undefined) {
    return unknown(
      namespace,
      null,
      "the alert names no pod, deployment, statefulset, daemonset or job",
    );
  }
  const notes: string[] = [];
  for (const candidate of candidates) {
    try {
      const found = await findObject(kube, namespace, candidate);
      if (found === null) {
        notes.push(`no ${candidate.kind} ${candidate.name} in ${namespace}`);
        continue;
      }
      const climb = await climbOwners(kube, namespace, found.object, found.label);
      if ("target" in climb) return climb.target;
      notes.push(climb.note);
    } catch (error) {
      if (!(error instanceof KubeError)) throw error;
      notes.push(`${candidate.kind} ${candidate.name}: ${error.message}`);
    }
  }
  return unknown(namespace, named, notes.join("; "));
}
