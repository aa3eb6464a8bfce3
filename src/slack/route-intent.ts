// What an Intent is answered with, decided before anything runs: help, a question back, a
// refusal by the channel's policy, a diagnosis, a read, or a plan. The answer (handle-intent.ts)
// and a read started early (prefetch-read.ts) both ask here, so the early one runs only the
// read the answer will.
import type { Intent } from "../model/intent.ts";
import type { ReleaseRef } from "../model/release.ts";
import { isPlanOperation } from "../plan/plan-types.ts";
import { decideRequest } from "../policy/decide-request.ts";
import type { Policy } from "../policy/policy-schema.ts";
import { isReadOperation, type ReadOperation } from "./answer-read.ts";

export type IntentRoute =
  | { kind: "help" }
  | { kind: "clarify" }
  | { kind: "refused"; reason: string }
  | { kind: "diagnose"; release: ReleaseRef }
  | { kind: "read"; operation: ReadOperation; all: boolean }
  | { kind: "plan" }
  | { kind: "none" };

const ALL_VALUES = /(^|\s)(--all|-a)(\s|$)|\ball values\b/i;

function needsClarification(intent: Intent): boolean {
  const needsRelease = intent.operation !== "list" && intent.operation !== "unknown";
  return (
    intent.operation === "unknown" ||
    intent.clarification !== null ||
    (needsRelease && intent.release === null)
  );
}

// `text`: the request's words as sent (a values read shows all values when they ask for it).
export function routeIntent(
  policy: Policy,
  channel: string,
  text: string,
  intent: Intent,
): IntentRoute {
  const { operation } = intent;
  if (operation === "help") return { kind: "help" };
  if (needsClarification(intent)) return { kind: "clarify" };
  const decision = decideRequest(policy, {
    channel,
    operation,
    namespace: intent.release?.namespace ?? intent.namespace,
  });
  if (!decision.allowed) return { kind: "refused", reason: decision.reason };
  if (operation === "diagnose" && intent.release !== null)
    return { kind: "diagnose", release: intent.release };
  if (isReadOperation(operation)) return { kind: "read", operation, all: ALL_VALUES.test(text) };
  return isPlanOperation(operation) ? { kind: "plan" } : { kind: "none" };
}
