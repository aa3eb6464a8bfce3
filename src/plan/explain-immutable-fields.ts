// The API server's dry-run names the objects whose immutable fields a change would touch (a
// Deployment's selector, a StatefulSet's volumeClaimTemplates, a Job's template, a Service's
// clusterIP). helm would fail half-way on them; the plan refuses first, with the remedy people
// use: delete the object (keeping what it owns where that is possible), then upgrade.
import type { ReleaseRef } from "../model/release.ts";
import type { PlanRefusal } from "./plan-types.ts";
import { type CodedErrorInfo, refuse } from "./refuse.ts";

const MAX_DETAIL_LINE = 240;

export interface ImmutableChange {
  kind: string;
  name: string;
  field: string;
  remedy: string;
}

// `Error from server (Invalid): Deployment.apps "web" is invalid: spec.selector: Invalid value:
// …: field is immutable` (older servers: `The Deployment "web" is invalid: …`).
const INVALID = /(\w+)(?:\.[\w.-]+)? "([^"]+)" is invalid: (.*)/;

function fieldOf(kind: string, detail: string): string | null {
  if (/field is immutable|may not change once set|cannot be changed/i.test(detail)) {
    const field = /^([\w.[\]-]+): /.exec(detail)?.[1];
    return field ?? "spec";
  }
  if (kind === "StatefulSet" && /updates to statefulset spec for fields other than/.test(detail))
    return "spec (volumeClaimTemplates, selector, serviceName or podManagementPolicy)";
  return null;
}

function remedyFor(kind: string, name: string, namespace: string): string {
  const ns = `-n ${namespace}`;
  switch (kind) {
    case "Deployment":
      return `kubectl delete deployment ${name} ${ns} --cascade=orphan (its pods keep serving), then approve the upgrade and delete the old ReplicaSet once the new pods are ready`;
    case "StatefulSet":
      return `kubectl delete statefulset ${name} ${ns} --cascade=orphan: pods and their PersistentVolumeClaims stay and the new StatefulSet adopts them; existing claims keep their old size (resize them yourself if the storage class allows)`;
    case "DaemonSet":
      return `kubectl delete daemonset ${name} ${ns} --cascade=orphan, then upgrade`;
    case "Job":
      return `kubectl delete job ${name} ${ns} before the upgrade (a finished Job has nothing to lose); charts usually make such Jobs hooks`;
    case "Service":
      return `kubectl delete service ${name} ${ns}, then upgrade: the Service gets a new IP (a short outage for clients that cached it); or set the chart's clusterIP back to the current one`;
    default:
      return `kubectl delete ${kind.toLowerCase()} ${name} ${ns}, then upgrade: it is recreated with the new field`;
  }
}

export function findImmutableChanges(stderr: string, namespace: string): ImmutableChange[] {
  const changes: ImmutableChange[] = [];
  for (const line of stderr.split("\n")) {
    const match = INVALID.exec(line);
    if (!match) continue;
    const [, kind = "", name = "", detail = ""] = match;
    const field = fieldOf(kind, detail);
    if (field === null || changes.some((c) => c.kind === kind && c.name === name)) continue;
    changes.push({ kind, name, field, remedy: remedyFor(kind, name, namespace) });
  }
  return changes;
}

// null when the rejection was not about immutable fields.
export function refuseImmutableChange(
  error: CodedErrorInfo,
  operation: string,
  release: ReleaseRef,
  what: string,
): PlanRefusal | null {
  if (error.code !== "kube_rejected") return null;
  const changes = findImmutableChanges(error.stderrHead, release.namespace);
  if (changes.length === 0) return null;
  const named = changes.map((c) => `${c.kind} ${c.name} (${c.field})`).join(", ");
  return refuse(
    "immutable_field",
    operation,
    release,
    `${what} changes fields the API server does not allow to change in place: ${named}.`,
    changes.map((c) => `${c.kind} ${c.name}: ${c.remedy}`),
    // The server prints whole pod templates in these lines: the start of each says enough.
    error.stderrHead
      .split("\n")
      .map((line) => (line.length > MAX_DETAIL_LINE ? `${line.slice(0, MAX_DETAIL_LINE)}…` : line))
      .join("\n"),
  );
}
