// One typed operation per helm command. Plain data: the planner stores it, the worker runs it.
import type { KubeIdentity } from "./kube-identity.ts";
import type { ReleaseRef } from "./release.ts";

export type SetValue = string | number | boolean;
export type ListStatusFilter =
  | "deployed"
  | "failed"
  | "pending"
  | "superseded"
  | "uninstalled"
  | "uninstalling";

// How an upgrade treats the values the user set on earlier revisions.
export type ValuesStrategy = "reuse" | "reset-then-reuse" | "reset";

// OCI charts from a registry with a private CA: helm verifies it with this bundle (--ca-file).
interface ChartTls {
  caFile?: string;
}

interface Waiting {
  wait?: boolean;
  // Go duration as helm wants it ("5m0s"), derived from seconds to keep it validatable.
  timeoutSeconds?: number;
  // Who the API server sees (--kube-as-user/--kube-as-group): the requester for a dry run, the
  // approver for the run itself. Added when the call is made, never part of a plan's command.
  impersonate?: KubeIdentity;
}

export type HelmOperation =
  | { kind: "list"; namespace?: string; statusFilter?: ListStatusFilter }
  | { kind: "status"; release: ReleaseRef; revision?: number }
  | { kind: "history"; release: ReleaseRef; max?: number }
  | { kind: "get-values"; release: ReleaseRef; all: boolean; revision?: number }
  | { kind: "get-manifest"; release: ReleaseRef; revision?: number }
  | { kind: "search-repo"; chart: string; devel?: boolean }
  | ({ kind: "show-chart"; chart: string; version?: string } & ChartTls)
  | ({ kind: "show-values"; chart: string; version?: string } & ChartTls)
  // helm has no `show` for values.schema.json: the chart is pulled and unpacked into untarDir
  // (a fresh temp dir the caller owns), where the file is read.
  | ({ kind: "pull-chart"; chart: string; version?: string; untarDir: string } & ChartTls)
  | { kind: "env" }
  | { kind: "repo-add"; name: string; url: string }
  | { kind: "repo-update"; names?: string[] }
  | ({
      kind: "install";
      release: ReleaseRef;
      chart: string;
      version?: string;
      createNamespace?: boolean;
      set?: Record<string, SetValue>;
      values?: Record<string, unknown>;
      dryRun?: boolean;
      rollbackOnFailure?: boolean;
    } & Waiting &
      ChartTls)
  | ({
      kind: "upgrade";
      release: ReleaseRef;
      chart: string;
      version?: string;
      valuesStrategy: ValuesStrategy;
      set?: Record<string, SetValue>;
      values?: Record<string, unknown>;
      dryRun?: boolean;
      rollbackOnFailure?: boolean;
    } & Waiting &
      ChartTls)
  | ({ kind: "rollback"; release: ReleaseRef; revision?: number; dryRun?: boolean } & Waiting)
  | ({ kind: "uninstall"; release: ReleaseRef; keepHistory?: boolean; dryRun?: boolean } & Waiting);

export type HelmOperationKind = HelmOperation["kind"];

export type MutatingHelmOperation = Extract<
  HelmOperation,
  { kind: "install" | "upgrade" | "rollback" | "uninstall" }
>;

export function isMutating(op: HelmOperation): op is MutatingHelmOperation {
  return (
    op.kind === "install" ||
    op.kind === "upgrade" ||
    op.kind === "rollback" ||
    op.kind === "uninstall"
  );
}
