// An object's controlling owner (Pod → ReplicaSet → Deployment, Pod → Job → CronJob), read from
// metadata.ownerReferences with zod, and the kubectl resource to fetch it by.
import { z } from "zod";
import type { KubeObject } from "./kube-object-schema.ts";

const ownerReferencesSchema = z.array(
  z.looseObject({
    apiVersion: z.string(),
    kind: z.string(),
    name: z.string(),
    controller: z.boolean().optional(),
  }),
);

// The workload kinds an owner chain climbs through, as kubectl names their resources.
export const WORKLOAD_RESOURCES: Readonly<Record<string, string>> = {
  Pod: "pods",
  ReplicaSet: "replicasets.apps",
  Deployment: "deployments.apps",
  StatefulSet: "statefulsets.apps",
  DaemonSet: "daemonsets.apps",
  Job: "jobs.batch",
  CronJob: "cronjobs.batch",
};

export interface OwnerRef {
  kind: string;
  name: string;
  // undefined: a kind the chain does not climb through (a custom controller's).
  resource: string | undefined;
}

export function controllingOwner(object: KubeObject): OwnerRef | null {
  const parsed = ownerReferencesSchema.safeParse(object.metadata.ownerReferences ?? []);
  if (!parsed.success) return null;
  const owner = parsed.data.find((o) => o.controller === true);
  if (owner === undefined) return null;
  return { kind: owner.kind, name: owner.name, resource: WORKLOAD_RESOURCES[owner.kind] };
}
