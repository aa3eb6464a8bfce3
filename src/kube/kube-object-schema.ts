// zod schemas for `kubectl get -o json`: any object keeps its body (spec, status, data) for the
// caller to read, with the identity fields required; a List carries items.
import { z } from "zod";

export const kubeObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    uid: z.string().optional(),
    creationTimestamp: z.string().optional(),
  }),
});
export type KubeObject = z.infer<typeof kubeObjectSchema>;

export const kubeListSchema = z.object({
  kind: z.string().endsWith("List"),
  items: z.array(kubeObjectSchema),
});

// One object (get by name) or a List: both become an array of objects.
export const kubeGetOutputSchema = z
  .union([kubeListSchema, kubeObjectSchema])
  .transform((data) =>
    "items" in data && Array.isArray(data.items) && data.kind.endsWith("List")
      ? data.items
      : [data],
  );

export const crdSchema = z.object({
  metadata: z.object({
    name: z.string(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.object({
    group: z.string(),
    names: z.object({ kind: z.string(), plural: z.string() }),
    scope: z.enum(["Namespaced", "Cluster"]),
  }),
});
export type Crd = z.infer<typeof crdSchema>;

export const pvcSchema = z.object({
  metadata: z.object({ name: z.string(), namespace: z.string() }),
  status: z
    .object({
      phase: z.string().optional(),
      capacity: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});
export type Pvc = z.infer<typeof pvcSchema>;
