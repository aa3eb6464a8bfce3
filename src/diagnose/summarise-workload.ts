// One workload's health as the execution report shows it: its rollout numbers and one line per
// problem (rollout stuck, pods crashing). Pure.
import type { WorkloadHealth } from "../model/execution-report.ts";
import { describePodProblem, type PodProblem } from "./evaluate-pod.ts";
import type { WorkloadRollout } from "./evaluate-workload.ts";
import type { WorkloadRef } from "./find-release-workloads.ts";

export function summariseWorkload(
  ref: WorkloadRef,
  rollout: WorkloadRollout | null,
  podProblems: readonly PodProblem[],
): WorkloadHealth {
  if (rollout === null) {
    return {
      kind: ref.kind,
      name: ref.name,
      desired: 0,
      ready: 0,
      updated: 0,
      healthy: false,
      problems: [`${ref.kind} ${ref.name} is in the release but not in the cluster`],
    };
  }
  const problems: string[] = [];
  if (rollout.failed !== null) problems.push(`rollout failed: ${rollout.failed}`);
  else if (rollout.waitingFor !== null)
    problems.push(`rollout not finished: ${rollout.waitingFor}`);
  // Pods of a complete rollout may still restart now and then; that is worth a line too.
  problems.push(...podProblems.map(describePodProblem));
  return {
    kind: ref.kind,
    name: ref.name,
    desired: rollout.desired,
    ready: rollout.ready,
    updated: rollout.updated,
    healthy: rollout.complete && !podProblems.some((p) => p.fatal),
    problems,
  };
}
