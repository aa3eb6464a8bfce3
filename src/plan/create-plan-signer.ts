// The plan's integrity check: an HMAC-SHA256, keyed by WHEELHOUSE_PLAN_KEY, over what a person
// approves and what the worker runs (plan id, release, revision, the helm operation and its
// argv, the command shown, the dry-run result shown, the cluster it is for). The store signs a
// plan as it saves it; the worker runs nothing whose signature does not verify, so a plan edited
// in Redis never runs.
// The key stays inside the closure: a signer logs and serialises as nothing.
import { createHmac, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";
import type { Plan } from "./plan-types.ts";

export const PLAN_KEY_MIN_LENGTH = 32;
const PREFIX = "hmac-sha256:";

export class PlanKeyError extends Error {
  readonly code = "plan_key_invalid";
  constructor() {
    super(`The plan key must be at least ${PLAN_KEY_MIN_LENGTH} characters (WHEELHOUSE_PLAN_KEY).`);
    this.name = "PlanKeyError";
  }
}

export interface PlanSigner {
  sign(planId: string, plan: Plan): string;
  // False for a missing, malformed or wrong signature; compared in constant time.
  verify(planId: string, plan: Plan, signature: string | null | undefined): boolean;
}

// Version 1 of the signed content; a new field means a new version, so old signatures fail.
function signedContent(planId: string, plan: Plan): string {
  const { release, command } = plan;
  return canonicalJson({
    v: 2,
    planId,
    cluster: plan.cluster ?? null,
    operation: plan.operation,
    release: { name: release.name, namespace: release.namespace },
    revision: release.revision,
    helmOperation: command.operation,
    argv: command.argv,
    display: command.display,
    dryRun: plan.dryRun,
  });
}

export function createPlanSigner(key: string): PlanSigner {
  if (key.length < PLAN_KEY_MIN_LENGTH) throw new PlanKeyError();
  const secret = Buffer.from(key, "utf8");
  const mac = (planId: string, plan: Plan): Buffer =>
    createHmac("sha256", secret).update(signedContent(planId, plan)).digest();
  return {
    sign: (planId, plan) => `${PREFIX}${mac(planId, plan).toString("hex")}`,
    verify(planId, plan, signature) {
      if (typeof signature !== "string" || !/^hmac-sha256:[0-9a-f]{64}$/.test(signature))
        return false;
      const given = Buffer.from(signature.slice(PREFIX.length), "hex");
      return timingSafeEqual(given, mac(planId, plan));
    },
  };
}
