// The Deployments, StatefulSets and DaemonSets a release's manifest creates: what validation
// waits for. Pure.
import { parseManifest } from "../plan/parse-manifest.ts";
import { WORKLOAD_KINDS, type WorkloadKind } from "./evaluate-workload.ts";

export interface WorkloadRef {
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

// kubectl's resource name for each kind (apps group spelled out: no shortname guessing).
export const WORKLOAD_RESOURCES: Record<WorkloadKind, string> = {
  Deployment: "deployments.apps",
  StatefulSet: "statefulsets.apps",
  DaemonSet: "daemonsets.apps",
};

function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

export function findReleaseWorkloads(manifest: string, namespace: string): WorkloadRef[] {
  const refs: WorkloadRef[] = [];
  for (const { ref } of parseManifest(manifest, namespace).objects) {
    if (!isWorkloadKind(ref.kind) || ref.apiVersion !== "apps/v1") continue;
    refs.push({ kind: ref.kind, namespace: ref.namespace ?? namespace, name: ref.name });
  }
  return refs;
}
