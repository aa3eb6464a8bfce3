// What the planners are given: the state gather/ read from helm and the cluster, as plain data.
import type { MutatingHelmOperation } from "../model/helm-operation.ts";
import type { HelmStatus } from "../model/release.ts";
import type { HookSummary } from "./plan-types.ts";
import type { CodedErrorInfo } from "./refuse.ts";

// `helm status -o json` (or `--revision N`): the user's values and the manifest of that revision.
export interface StatusSnapshot {
  version: number;
  info: { status: HelmStatus; description: string; last_deployed?: string | undefined };
  config?: Record<string, unknown> | null | undefined;
  manifest?: string | undefined;
  hooks?: HookSummary[] | undefined;
}

export type DryRunOutcome =
  | {
      ok: true;
      // The operation that was dry-run (dryRun: true); the plan's command must be exactly it.
      operation: MutatingHelmOperation;
      // install/upgrade print the release they would make; rollback/uninstall print a sentence.
      manifest: string | null;
      config: Record<string, unknown> | null;
      hooks: HookSummary[];
      summary: string;
      // Objects of the rendered manifest the API server accepted in a dry run; null when helm
      // rendered nothing to check (rollback, uninstall).
      apiServerAccepted: number | null;
      // Objects not sent to the API server because the release runs them exactly so.
      apiServerUnchanged?: number;
      // The chart values helm rendered with (the target chart's defaults unless --reuse-values
      // replaced them with the old release's); null when helm printed no release.
      chartValues?: Record<string, unknown> | null;
      // What else the rendered chart said of itself: Chart.yaml's deprecated flag and its
      // crds/ files (helm applies those only at install time).
      targetChart?: {
        deprecated: boolean;
        // Deprecated charts usually say here where they moved.
        description?: string;
        crdFiles: Array<{ name: string; text: string }>;
      } | null;
    }
  | { ok: false; operation: MutatingHelmOperation; error: CodedErrorInfo };

// How the approved command waits: --wait and --timeout are part of the argv, so they are decided
// when the plan is made.
export interface Execution {
  wait: boolean;
  timeoutSeconds: number;
}

// No --wait: the worker's own validation waits for rollouts and gives up early on fatal pod
// states (CrashLoopBackOff, ImagePullBackOff), so a broken upgrade is reported in seconds
// instead of holding the release for helm's whole timeout. The timeout still bounds hooks.
export const DEFAULT_EXECUTION: Execution = { wait: false, timeoutSeconds: 300 };

// A CustomResourceDefinition as the cluster has it, reduced to what an uninstall plan needs.
export interface CrdInfo {
  name: string;
  group: string;
  kind: string;
  scope: "Namespaced" | "Cluster";
  // The helm release that owns it (meta.helm.sh/release-* annotations); null for CRDs from a
  // chart's crds/ directory, which helm installs without annotations.
  helmRelease: { name: string; namespace: string } | null;
}

export interface ClusterObjectRef {
  namespace: string | null;
  name: string;
}

export interface PvcInfo {
  namespace: string;
  name: string;
  phase: string | null;
  capacity: string | null;
}
