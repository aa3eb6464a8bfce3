// What is wrong with a pod, container by container, from `kubectl get pod -o json`: waiting
// reasons (CrashLoopBackOff, ImagePullBackOff…), crashes with restart counts, scheduling
// failures. Pure.
import { z } from "zod";

// Waiting reasons that do not go away by waiting a little longer.
export const FATAL_WAITING_REASONS: ReadonlySet<string> = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
]);
// Waiting reasons of a container that is simply starting.
const STARTING = new Set(["ContainerCreating", "PodInitializing"]);

export interface PodProblem {
  pod: string;
  container: string | null;
  // "CrashLoopBackOff", "ImagePullBackOff", "Unschedulable", "Error", "NotReady", …
  reason: string;
  message: string | null;
  restarts: number;
  // The container ran and exited: its previous instance has logs.
  crashed: boolean;
  fatal: boolean;
}

const terminatedSchema = z.object({
  exitCode: z.number().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export const containerStatusSchema = z.object({
  name: z.string(),
  image: z.string().optional(),
  ready: z.boolean().default(false),
  restartCount: z.number().default(0),
  state: z
    .object({
      waiting: z
        .object({ reason: z.string().optional(), message: z.string().optional() })
        .optional(),
      running: z.object({}).loose().optional(),
      terminated: terminatedSchema.optional(),
    })
    .default({}),
  lastState: z.object({ terminated: terminatedSchema.optional() }).default({}),
});
export const podSchema = z.object({
  metadata: z.object({
    name: z.string(),
    deletionTimestamp: z.string().optional(),
    creationTimestamp: z.string().optional(),
    labels: z.record(z.string(), z.string()).default({}),
  }),
  spec: z.object({ restartPolicy: z.string().optional() }).default({}),
  status: z
    .object({
      phase: z.string().optional(),
      reason: z.string().optional(),
      message: z.string().optional(),
      conditions: z
        .array(
          z.object({
            type: z.string(),
            status: z.string(),
            reason: z.string().optional(),
            message: z.string().optional(),
          }),
        )
        .optional(),
      initContainerStatuses: z.array(containerStatusSchema).optional(),
      containerStatuses: z.array(containerStatusSchema).optional(),
    })
    .default({}),
});

export function podName(object: unknown): string | null {
  const parsed = podSchema.safeParse(object);
  return parsed.success ? parsed.data.metadata.name : null;
}

function containerProblem(
  pod: string,
  c: z.infer<typeof containerStatusSchema>,
  podRunning: boolean,
): PodProblem | null {
  const crashed = c.lastState.terminated !== undefined || c.restartCount > 0;
  const base = { pod, container: c.name, restarts: c.restartCount, crashed };
  const waiting = c.state.waiting;
  if (waiting?.reason !== undefined && !STARTING.has(waiting.reason)) {
    const fatal = FATAL_WAITING_REASONS.has(waiting.reason);
    return { ...base, reason: waiting.reason, message: waiting.message ?? null, fatal };
  }
  const terminated = c.state.terminated;
  if (terminated !== undefined && (terminated.exitCode ?? 0) !== 0) {
    const reason = terminated.reason ?? `exit code ${terminated.exitCode}`;
    return { ...base, reason, message: terminated.message ?? null, crashed: true, fatal: true };
  }
  if (podRunning && c.state.running !== undefined && !c.ready) {
    return { ...base, reason: "NotReady", message: null, fatal: false };
  }
  return null;
}

// Problems of one pod; [] for a healthy (or still starting) pod, or an object that is no pod.
export function evaluatePod(object: unknown): PodProblem[] {
  const parsed = podSchema.safeParse(object);
  if (!parsed.success) return [];
  const p = parsed.data;
  const name = p.metadata.name;
  // A pod on its way out is the old revision leaving: not a problem of the new one.
  if (p.metadata.deletionTimestamp !== undefined) return [];
  const status = p.status;
  const unschedulable = status.conditions?.find(
    (c) => c.type === "PodScheduled" && c.status === "False",
  );
  if (unschedulable !== undefined) {
    const reason = unschedulable.reason ?? "Unschedulable";
    const message = unschedulable.message ?? null;
    return [
      { pod: name, container: null, reason, message, restarts: 0, crashed: false, fatal: false },
    ];
  }
  const running = status.phase === "Running";
  const problems = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]
    .map((c) => containerProblem(name, c, running))
    .filter((x): x is PodProblem => x !== null);
  if (problems.length === 0 && status.phase === "Failed") {
    const reason = status.reason ?? "Failed";
    return [
      {
        pod: name,
        container: null,
        reason,
        message: status.message ?? null,
        restarts: 0,
        crashed: false,
        fatal: true,
      },
    ];
  }
  return problems;
}

// "web-745bf5cbdf-sfl6n/web: CrashLoopBackOff (3 restarts)"
export function describePodProblem(problem: PodProblem): string {
  const where = problem.container === null ? problem.pod : `${problem.pod}/${problem.container}`;
  const restarts =
    problem.restarts > 0
      ? ` (${problem.restarts} restart${problem.restarts === 1 ? "" : "s"})`
      : "";
  const message =
    problem.container === null && problem.message !== null ? `: ${problem.message}` : "";
  return `${where}: ${problem.reason}${restarts}${message}`;
}
