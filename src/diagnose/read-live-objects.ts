// The live objects of a snapshot, read once: workloads with their rollout and pod selector, pods
// split into workload pods and hook-Job pods. Pure.
import { z } from "zod";
import { evaluateWorkload, WORKLOAD_KINDS, type WorkloadRollout } from "./evaluate-workload.ts";

export interface LiveWorkload {
  kind: (typeof WORKLOAD_KINDS)[number];
  name: string;
  rollout: WorkloadRollout | null;
  matchLabels: Record<string, string>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  // The pod template's containers: what drift compares with the manifest.
  images: Record<string, string>;
}

const metadataSchema = z.object({
  name: z.string(),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
});

const containersSchema = z
  .array(z.object({ name: z.string(), image: z.string().default("") }))
  .default([]);

// The part of a Deployment/StatefulSet/DaemonSet (live or in a manifest) diagnosis compares.
export const workloadShapeSchema = z.object({
  kind: z.enum(WORKLOAD_KINDS),
  metadata: metadataSchema,
  spec: z
    .object({
      selector: z
        .object({ matchLabels: z.record(z.string(), z.string()).default({}) })
        .default({ matchLabels: {} }),
      template: z
        .object({
          spec: z
            .object({ containers: containersSchema, initContainers: containersSchema })
            .default({ containers: [], initContainers: [] }),
        })
        .default({ spec: { containers: [], initContainers: [] } }),
    })
    .default({
      selector: { matchLabels: {} },
      template: { spec: { containers: [], initContainers: [] } },
    }),
});

export function templateImages(spec: z.infer<typeof workloadShapeSchema>["spec"]) {
  const all = [...spec.template.spec.initContainers, ...spec.template.spec.containers];
  return Object.fromEntries(all.map((c) => [c.name, c.image]));
}

export function readLiveWorkloads(objects: readonly unknown[]): LiveWorkload[] {
  const out: LiveWorkload[] = [];
  for (const object of objects) {
    const parsed = workloadShapeSchema.safeParse(object);
    if (!parsed.success) continue;
    const w = parsed.data;
    out.push({
      kind: w.kind,
      name: w.metadata.name,
      rollout: evaluateWorkload(object),
      matchLabels: w.spec.selector.matchLabels,
      labels: w.metadata.labels,
      annotations: w.metadata.annotations,
      images: templateImages(w.spec),
    });
  }
  return out;
}

const podMetaSchema = z.object({
  metadata: z.object({
    name: z.string(),
    labels: z.record(z.string(), z.string()).default({}),
  }),
});

// The Job a pod belongs to, from the labels the Job controller puts on its pods.
export function jobNameOf(object: unknown): string | null {
  const parsed = podMetaSchema.safeParse(object);
  if (!parsed.success) return null;
  const labels = parsed.data.metadata.labels;
  return labels["batch.kubernetes.io/job-name"] ?? labels["job-name"] ?? null;
}

export function podsOf(workload: LiveWorkload, pods: readonly unknown[]): unknown[] {
  const selector = Object.entries(workload.matchLabels);
  if (selector.length === 0) return [];
  return pods.filter((pod) => {
    const parsed = podMetaSchema.safeParse(pod);
    if (!parsed.success || jobNameOf(pod) !== null) return false;
    const labels = parsed.data.metadata.labels;
    return selector.every(([k, v]) => labels[k] === v);
  });
}
