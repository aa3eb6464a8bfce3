// The one place a HelmOperation becomes argv. Pure: same operation, same argv, so a plan's
// command is exactly what the worker runs. Callers validate first (validateHelmOperation).

import type { HelmOperation, SetValue, ValuesStrategy } from "./helm-operation.ts";
import type { KubeIdentity } from "./kube-identity.ts";

export interface ArgvContext {
  // helm 4 renamed --atomic to --rollback-on-failure and made dry-run a mode on rollback.
  helmMajor: 3 | 4;
  // Where the caller wrote op.values (helm reads values files; never inline YAML in argv).
  valuesFile?: string;
}

const ALL_STATUS_FLAGS = [
  "--deployed",
  "--failed",
  "--pending",
  "--superseded",
  "--uninstalled",
  "--uninstalling",
];

function releaseArgs(release: { name: string; namespace: string }): string[] {
  return [release.name, "--namespace", release.namespace];
}

// helm's --set parser splits on "," and treats "\" as an escape; escape every special rune so
// a person's string arrives as typed.
function escapeSetValue(value: string): string {
  return value.replace(/[\\,{}[\]=]/g, (c) => `\\${c}`);
}

function setArgs(set: Record<string, SetValue> | undefined): string[] {
  const args: string[] = [];
  for (const [key, value] of Object.entries(set ?? {})) {
    if (typeof value === "string") args.push("--set-string", `${key}=${escapeSetValue(value)}`);
    else args.push("--set", `${key}=${String(value)}`);
  }
  return args;
}

function waitArgs(op: { wait?: boolean; timeoutSeconds?: number }): string[] {
  const args = op.wait ? ["--wait"] : [];
  if (op.timeoutSeconds !== undefined) args.push("--timeout", `${op.timeoutSeconds}s`);
  return args;
}

function impersonateArgs(identity: KubeIdentity | undefined): string[] {
  if (identity === undefined) return [];
  return [
    "--kube-as-user",
    identity.user,
    ...identity.groups.flatMap((group) => ["--kube-as-group", group]),
  ];
}

function caFileArgs(op: { caFile?: string }): string[] {
  return op.caFile === undefined ? [] : ["--ca-file", op.caFile];
}

function rollbackOnFailureArgs(enabled: boolean | undefined, ctx: ArgvContext): string[] {
  if (!enabled) return [];
  return ctx.helmMajor === 4 ? ["--rollback-on-failure"] : ["--atomic"];
}

function valuesArgs(values: Record<string, unknown> | undefined, ctx: ArgvContext): string[] {
  if (values === undefined) return [];
  if (ctx.valuesFile === undefined) throw new Error("values given without a values file path");
  return ["--values", ctx.valuesFile];
}

const VALUES_STRATEGY_FLAGS: Record<ValuesStrategy, string> = {
  reuse: "--reuse-values",
  "reset-then-reuse": "--reset-then-reuse-values",
  reset: "--reset-values",
};

// install and upgrade share everything but their verb and one mode flag.
function chartChangeArgs(
  op: Extract<HelmOperation, { kind: "install" | "upgrade" }>,
  modeArgs: string[],
  ctx: ArgvContext,
): string[] {
  return [
    op.kind,
    ...releaseArgs(op.release),
    op.chart,
    ...(op.version === undefined ? [] : ["--version", op.version]),
    ...caFileArgs(op),
    ...modeArgs,
    ...valuesArgs(op.values, ctx),
    ...setArgs(op.set),
    ...rollbackOnFailureArgs(op.rollbackOnFailure, ctx),
    ...waitArgs(op),
    ...impersonateArgs(op.impersonate),
    // A plan's dry-run skips helm's client-side OpenAPI validation (most of its time on big
    // charts, 10 s for 150 objects on helm 3): the plan then has the API server check every
    // object by server-side apply, which rejects undeclared fields and wrong types itself.
    ...(op.dryRun ? ["--dry-run=server", "--disable-openapi-validation"] : []),
    "--output",
    "json",
  ];
}

export function buildHelmArgv(op: HelmOperation, ctx: ArgvContext): string[] {
  switch (op.kind) {
    case "list": {
      const scope =
        op.namespace === undefined ? ["--all-namespaces"] : ["--namespace", op.namespace];
      // Every status by name: helm 3's --all does not exist in helm 4, whose defaults differ.
      const filter = op.statusFilter === undefined ? ALL_STATUS_FLAGS : [`--${op.statusFilter}`];
      return ["list", ...scope, ...filter, "--max", "0", "--output", "json"];
    }
    case "status": {
      const revision = op.revision === undefined ? [] : ["--revision", String(op.revision)];
      return ["status", ...releaseArgs(op.release), ...revision, "--output", "json"];
    }
    case "history":
      return [
        "history",
        ...releaseArgs(op.release),
        "--max",
        String(op.max ?? 256),
        "--output",
        "json",
      ];
    case "get-values": {
      const revision = op.revision === undefined ? [] : ["--revision", String(op.revision)];
      const all = op.all ? ["--all"] : [];
      return ["get", "values", ...releaseArgs(op.release), ...all, ...revision, "--output", "json"];
    }
    case "get-manifest": {
      const revision = op.revision === undefined ? [] : ["--revision", String(op.revision)];
      return ["get", "manifest", ...releaseArgs(op.release), ...revision];
    }
    case "search-repo":
      return [
        "search",
        "repo",
        op.chart,
        "--versions",
        ...(op.devel ? ["--devel"] : []),
        "--output",
        "json",
      ];
    case "show-chart":
    case "show-values": {
      const version = op.version === undefined ? [] : ["--version", op.version];
      const what = op.kind === "show-chart" ? "chart" : "values";
      return ["show", what, op.chart, ...version, ...caFileArgs(op)];
    }
    case "pull-chart": {
      const version = op.version === undefined ? [] : ["--version", op.version];
      return [
        "pull",
        op.chart,
        ...version,
        ...caFileArgs(op),
        "--untar",
        "--untardir",
        op.untarDir,
      ];
    }
    case "env":
      return ["env"];
    case "repo-add":
      return ["repo", "add", op.name, op.url, "--force-update"];
    case "repo-update":
      return ["repo", "update", ...(op.names ?? [])];
    case "install":
      return chartChangeArgs(op, op.createNamespace ? ["--create-namespace"] : [], ctx);
    case "upgrade":
      return chartChangeArgs(op, [VALUES_STRATEGY_FLAGS[op.valuesStrategy]], ctx);
    case "rollback": {
      const revision = op.revision === undefined ? [] : [String(op.revision)];
      const dryRun = op.dryRun ? [ctx.helmMajor === 4 ? "--dry-run=server" : "--dry-run"] : [];
      return [
        "rollback",
        op.release.name,
        ...revision,
        "--namespace",
        op.release.namespace,
        ...waitArgs(op),
        ...impersonateArgs(op.impersonate),
        ...dryRun,
      ];
    }
    case "uninstall":
      return [
        "uninstall",
        ...releaseArgs(op.release),
        ...(op.keepHistory ? ["--keep-history"] : []),
        ...waitArgs(op),
        ...impersonateArgs(op.impersonate),
        ...(op.dryRun ? ["--dry-run"] : []),
      ];
  }
}

// The command as a person would copy it into a terminal: every argument shell-quoted.
export function formatHelmCommand(argv: readonly string[]): string {
  const quote = (a: string) =>
    /^[A-Za-z0-9_./:=@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
  return ["helm", ...argv].map(quote).join(" ");
}
