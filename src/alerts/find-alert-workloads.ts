// Which workloads an alert's labels name, most specific first, in kube-state-metrics' label
// names. Not `job`: that is Prometheus' scrape job ("kube-state-metrics"); a Job object is
// `job_name`. Pure.

export interface WorkloadCandidate {
  kind: string;
  name: string;
  // Derived from a pod's name because the pod itself is gone (pods are replaced, owners stay).
  guessed: boolean;
}

const WORKLOAD_LABELS: ReadonlyArray<readonly [label: string, kind: string]> = [
  ["pod", "Pod"],
  ["job_name", "Job"],
  ["replicaset", "ReplicaSet"],
  ["statefulset", "StatefulSet"],
  ["daemonset", "DaemonSet"],
  ["deployment", "Deployment"],
  ["cronjob", "CronJob"],
];

export function findAlertWorkloads(labels: Readonly<Record<string, string>>): WorkloadCandidate[] {
  const found: WorkloadCandidate[] = [];
  for (const [label, kind] of WORKLOAD_LABELS) {
    const name = labels[label];
    if (name !== undefined && name !== "") found.push({ kind, name, guessed: false });
  }
  return found;
}

// Owners a vanished pod's name points at, by the controllers' naming: "<deployment>-<hash>-<id>"
// (through its ReplicaSet "<deployment>-<hash>"), "<statefulset>-<ordinal>", "<owner>-<id>"
// for DaemonSets and Jobs.
export function guessOwnersFromPodName(pod: string): WorkloadCandidate[] {
  const parts = pod.split("-");
  const drop = (n: number) => (parts.length > n ? parts.slice(0, -n).join("-") : "");
  const guesses: WorkloadCandidate[] = [];
  const add = (kind: string, name: string) => {
    if (name !== "") guesses.push({ kind, name, guessed: true });
  };
  if (/^\d+$/.test(parts.at(-1) ?? "")) add("StatefulSet", drop(1));
  add("ReplicaSet", drop(1));
  add("Deployment", drop(2));
  add("DaemonSet", drop(1));
  add("Job", drop(1));
  return guesses;
}
