// Is a Deployment, StatefulSet or DaemonSet rolled out? The same rules `kubectl rollout status`
// applies, read from the object's status as `kubectl get -o json` prints it. Pure.
import { z } from "zod";

export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface WorkloadRollout {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  desired: number;
  ready: number;
  updated: number;
  available: number;
  complete: boolean;
  // Why it is not complete yet, for people; null when complete.
  waitingFor: string | null;
  // The controller gave up (Deployment progress deadline); null otherwise.
  failed: string | null;
  // Label selector of its pods ("app=web,tier in (a,b)"); null when it has none.
  selector: string | null;
}

const count = z.number().int().nonnegative().optional();

const selectorSchema = z
  .object({
    matchLabels: z.record(z.string(), z.string()).optional(),
    matchExpressions: z
      .array(
        z.object({
          key: z.string(),
          operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
          values: z.array(z.string()).optional(),
        }),
      )
      .optional(),
  })
  .optional();

const workloadSchema = z.object({
  kind: z.enum(WORKLOAD_KINDS),
  metadata: z.object({
    name: z.string(),
    namespace: z.string().default(""),
    generation: count,
  }),
  spec: z
    .object({
      replicas: count,
      selector: selectorSchema,
      updateStrategy: z
        .object({
          type: z.string().optional(),
          rollingUpdate: z.object({ partition: count }).optional(),
        })
        .optional(),
    })
    .default({}),
  status: z
    .object({
      observedGeneration: count,
      replicas: count,
      readyReplicas: count,
      availableReplicas: count,
      updatedReplicas: count,
      currentRevision: z.string().optional(),
      updateRevision: z.string().optional(),
      desiredNumberScheduled: count,
      numberReady: count,
      numberAvailable: count,
      updatedNumberScheduled: count,
      conditions: z
        .array(z.object({ type: z.string(), status: z.string(), reason: z.string().optional() }))
        .optional(),
    })
    .default({}),
});
type Workload = z.infer<typeof workloadSchema>;

export function labelSelector(selector: z.infer<typeof selectorSchema>): string | null {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    if (e.operator === "Exists") parts.push(e.key);
    if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  return parts.length === 0 ? null : parts.join(",");
}

function notObserved(w: Workload): string | null {
  const generation = w.metadata.generation ?? 0;
  const observed = w.status.observedGeneration ?? 0;
  return observed < generation ? "the controller to see the new spec" : null;
}

function deploymentWait(w: Workload, desired: number): string | null {
  const s = w.status;
  const updated = s.updatedReplicas ?? 0;
  if (updated < desired) return `${updated} of ${desired} replicas updated`;
  const old = (s.replicas ?? 0) - updated;
  if (old > 0) return `${old} old replica${old === 1 ? "" : "s"} to be replaced`;
  if ((s.availableReplicas ?? 0) < updated)
    return `${s.availableReplicas ?? 0} of ${updated} updated replicas available`;
  return null;
}

function statefulSetWait(w: Workload, desired: number): string | null {
  const s = w.status;
  if ((s.readyReplicas ?? 0) < desired) return `${s.readyReplicas ?? 0} of ${desired} pods ready`;
  const strategy = w.spec.updateStrategy;
  // OnDelete: pods change only when someone deletes them; readiness is all there is to check.
  if (strategy?.type === "OnDelete") return null;
  const partition = strategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    const expected = Math.max(0, desired - partition);
    const updated = s.updatedReplicas ?? 0;
    return updated < expected ? `${updated} of ${expected} pods updated (partition)` : null;
  }
  if (s.updateRevision !== undefined && s.currentRevision !== s.updateRevision) {
    return `${s.updatedReplicas ?? 0} of ${desired} pods updated`;
  }
  return null;
}

function daemonSetWait(w: Workload, desired: number): string | null {
  const s = w.status;
  const updated = s.updatedNumberScheduled ?? 0;
  if (updated < desired) return `${updated} of ${desired} nodes updated`;
  if ((s.numberAvailable ?? 0) < desired)
    return `${s.numberAvailable ?? 0} of ${desired} pods available`;
  return null;
}

// null when the object is not a workload this understands.
export function evaluateWorkload(object: unknown): WorkloadRollout | null {
  const parsed = workloadSchema.safeParse(object);
  if (!parsed.success) return null;
  const w = parsed.data;
  const s = w.status;
  const daemon = w.kind === "DaemonSet";
  const desired = daemon ? (s.desiredNumberScheduled ?? 0) : (w.spec.replicas ?? 1);
  const progressing = s.conditions?.find((c) => c.type === "Progressing");
  const failed =
    w.kind === "Deployment" && progressing?.reason === "ProgressDeadlineExceeded"
      ? `the rollout passed its progress deadline`
      : null;
  const waitingFor =
    notObserved(w) ??
    (w.kind === "Deployment"
      ? deploymentWait(w, desired)
      : w.kind === "StatefulSet"
        ? statefulSetWait(w, desired)
        : daemonSetWait(w, desired));
  return {
    kind: w.kind,
    name: w.metadata.name,
    namespace: w.metadata.namespace,
    desired,
    ready: daemon ? (s.numberReady ?? 0) : (s.readyReplicas ?? 0),
    updated: daemon ? (s.updatedNumberScheduled ?? 0) : (s.updatedReplicas ?? 0),
    available: daemon ? (s.numberAvailable ?? 0) : (s.availableReplicas ?? s.readyReplicas ?? 0),
    complete: waitingFor === null && failed === null,
    waitingFor,
    failed,
    selector: labelSelector(w.spec.selector),
  };
}
