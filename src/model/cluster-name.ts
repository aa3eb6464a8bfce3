// The name of the cluster a Wheelhouse deployment manages (WHEELHOUSE_CLUSTER): part of every
// Redis key, queue and audit entry, and recorded in every plan, so deployments for several
// clusters can share one Redis without ever running each other's plans.
import { z } from "zod";

export const clusterNameSchema = z
  .string()
  .max(40, "use at most 40 characters")
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "a cluster name is lowercase letters, digits and '-' (like a Kubernetes name: prod-eu-1)",
  );

// What the playground calls its cluster (it needs no WHEELHOUSE_CLUSTER).
export const PLAYGROUND_CLUSTER = "playground";

// Where a cluster's keys live: "wheelhouse:prod-eu-1:plan:…", "wheelhouse:prod-eu-1:executions:…".
export function clusterKeyPrefix(cluster: string): string {
  return `wheelhouse:${clusterNameSchema.parse(cluster)}`;
}
