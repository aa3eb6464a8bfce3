// What "ready" means for either role: Redis and the cluster answer, each within a short deadline.
import type { Redis } from "ioredis";
import type { KubeReader } from "../kube/kubectl-client.ts";
import { redactText } from "../redact/redact-text.ts";
import { type ReadinessCheck, withDeadline } from "./health-routes.ts";

export function readinessCheck(deps: { redis: Redis; kube: KubeReader }): ReadinessCheck {
  return async () => {
    const [redis, cluster] = await Promise.allSettled([
      withDeadline(deps.redis.ping(), 2000, "Redis"),
      withDeadline(
        deps.kube.getOne({ resource: "namespaces", name: "default" }),
        5000,
        "the cluster",
      ),
    ]);
    const result = (name: string, r: PromiseSettledResult<unknown>) =>
      r.status === "fulfilled"
        ? { name, ok: true }
        : {
            name,
            ok: false,
            // Shown only on the observability port, redacted like any other text out.
            detail: redactText(r.reason instanceof Error ? r.reason.message : String(r.reason)),
          };
    return [result("redis", redis), result("cluster", cluster)];
  };
}
