// Which of a chart's hooks an operation runs, in helm's order (weight, then name), and what a
// failure of each does to the release. Test hooks (test, test-success) run only on `helm test`:
// never on upgrade, rollback or uninstall, so they are never a plan's risk.
import { subchartOf } from "./parse-manifest.ts";
import type { HookSummary, PlanOperation } from "./plan-types.ts";

// What helm's release JSON says of a hook (zod-parsed by the helm adapter).
export interface HelmHook {
  name: string;
  kind: string;
  events: string[];
  weight?: number | undefined;
  delete_policies?: string[] | undefined;
  path?: string | undefined;
}

export function toHookSummary(hook: HelmHook): HookSummary {
  return {
    name: hook.name,
    kind: hook.kind,
    events: hook.events,
    weight: hook.weight ?? 0,
    deletePolicies: hook.delete_policies ?? [],
    subchart: hook.path ? subchartOf(hook.path) : null,
  };
}

const EVENTS: Record<PlanOperation, readonly string[]> = {
  upgrade: ["pre-upgrade", "post-upgrade"],
  "set-values": ["pre-upgrade", "post-upgrade"],
  rollback: ["pre-rollback", "post-rollback"],
  uninstall: ["pre-delete", "post-delete"],
};

// pre- hooks run before the objects are touched, post- hooks after.
const phase = (hook: HookSummary) => (hook.events.some((e) => e.startsWith("pre-")) ? 0 : 1);

export function hooksThatRun(
  hooks: readonly HookSummary[],
  operation: PlanOperation,
): HookSummary[] {
  const events = EVENTS[operation];
  return hooks
    .filter((h) => h.events.some((e) => events.includes(e)))
    .map((h) => ({ ...h, events: h.events.filter((e) => events.includes(e)) }))
    .sort(
      (a, b) =>
        phase(a) - phase(b) || (a.weight ?? 0) - (b.weight ?? 0) || a.name.localeCompare(b.name),
    );
}

// helm waits for a hook Job to finish; a failed hook fails the operation at that point.
export function hookFailureEffect(event: string): string {
  if (event.startsWith("pre-delete")) return "the uninstall stops before anything is deleted";
  if (event === "post-delete")
    return "the objects are already deleted; helm reports the uninstall failed";
  if (event.startsWith("pre-"))
    return "the change stops before any object is touched and the release is marked failed";
  return "the objects are already changed; the release is marked failed (roll back to undo)";
}

const POLICY_WORDS: Record<string, string> = {
  "before-hook-creation": "replaced on the next run",
  "hook-succeeded": "deleted when it succeeds",
  "hook-failed": "deleted when it fails",
};

// "weight -5, replaced on the next run, from subchart db".
export function hookNotes(hook: HookSummary): string {
  const notes = [`weight ${hook.weight ?? 0}`];
  const policies = hook.deletePolicies ?? [];
  // With no policy helm applies before-hook-creation.
  if (policies.length === 0) notes.push("replaced on the next run (helm's default)");
  for (const p of policies) notes.push(POLICY_WORDS[p] ?? p);
  if (hook.subchart) notes.push(`from subchart ${hook.subchart}`);
  return notes.join(", ");
}

// "pre-upgrade Job web-migrate (weight -5, replaced on the next run)".
export function describeHook(hook: HookSummary): string {
  return `${hook.events.join(", ")} ${hook.kind} ${hook.name} (${hookNotes(hook)})`;
}
