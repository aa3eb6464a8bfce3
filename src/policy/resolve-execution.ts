// How approved changes run, decided once at start: the policy's execution block over the
// configured default timeout. Every plan carries the result in its command (--timeout, --wait).
import type { Execution } from "../plan/plan-inputs.ts";
import type { Policy } from "./policy-schema.ts";

export function resolveExecution(policy: Policy, defaultTimeoutSeconds: number): Execution {
  return {
    wait: policy.execution?.wait ?? false,
    timeoutSeconds: policy.execution?.timeoutSeconds ?? defaultTimeoutSeconds,
  };
}
