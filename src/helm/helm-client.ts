// The helm adapter: one method per helm command, each validated, built by buildHelmArgv, run
// by runHelm and parsed with zod. Everything the rest of Wheelhouse knows about helm is here.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { buildHelmArgv } from "../model/build-helm-argv.ts";
import { helmDeadlineSeconds } from "../model/change-limits.ts";
import { HelmOutputInvalidError } from "../model/helm-errors.ts";
import {
  type HelmOperation,
  isMutating,
  type ListStatusFilter,
  type MutatingHelmOperation,
} from "../model/helm-operation.ts";
import {
  type ChartMetadata,
  chartMetadataSchema,
  type HistoryEntry,
  historySchema,
  type ReleaseDetail,
  releaseDetailSchema,
  type SearchResult,
  searchResultSchema,
  valuesSchema,
} from "../model/helm-output-schemas.ts";
import { type Inventory, inventorySchema, type ReleaseRef } from "../model/release.ts";
import { validateHelmOperation } from "../model/validate-helm-operation.ts";
import { type HelmEnv, helmEnvSchema, parseHelmEnv } from "./helm-env.ts";
import { readChartSchema } from "./read-chart-schema.ts";
import { type HelmProcessOptions, runHelm } from "./run-helm.ts";
import { silentClusterError } from "./silent-cluster-error.ts";

export interface HelmClientOptions {
  bin: string;
  kubeconfig?: string;
  // Extra environment (HELM_REPOSITORY_CONFIG, HELM_CACHE_HOME, …) for isolated instances.
  env?: Record<string, string>;
  // Deadline of reads and dry runs (HELM_TIMEOUT_MS); a change gets one derived from its
  // --timeout, never shorter than this.
  timeoutMs: number;
  // Told of every helm process once it ends (metrics: helm call duration by subcommand).
  onCall?: (call: HelmCall) => void;
}

const READ_KILL_GRACE_MS = 500;

// A read's cancel signal: the caller's own deadline (validation's, for instance).
export interface HelmReadOptions {
  signal?: AbortSignal;
}

export interface HelmCall {
  // The operation's kind ("upgrade", "get-values"), "-dry-run" added for a dry run.
  subcommand: string;
  seconds: number;
  outcome: "ok" | "error";
}

export interface MutationResult {
  argv: string[];
  stdout: string;
  // install/upgrade print the release they made; rollback/uninstall print a sentence.
  release: ReleaseDetail | undefined;
}

function parseOutput<T>(
  schema: z.ZodType<T>,
  text: string,
  what: string,
  argv: string[],
  yaml = false,
): T {
  let data: unknown;
  try {
    data = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (cause) {
    throw new HelmOutputInvalidError(what, {
      command: ["helm", ...argv],
      stderr: text.slice(0, 500),
      cause,
    });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new HelmOutputInvalidError(what, {
      command: ["helm", ...argv],
      stderr: parsed.error.message,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export class HelmClient {
  private readonly process: HelmProcessOptions;
  private readonly onCall: ((call: HelmCall) => void) | undefined;
  readonly version: string;
  readonly major: 3 | 4;

  private constructor(options: HelmClientOptions, version: string, major: 3 | 4) {
    this.version = version;
    this.major = major;
    this.onCall = options.onCall;
    this.process = {
      bin: options.bin,
      env: HelmClient.envFor(options),
      timeoutMs: options.timeoutMs,
    };
  }

  private static envFor(options: HelmClientOptions): Record<string, string> {
    const kube: Record<string, string> = options.kubeconfig
      ? { KUBECONFIG: options.kubeconfig }
      : {};
    // No colour codes in output we parse or show in Slack.
    return { ...kube, NO_COLOR: "1", ...options.env };
  }

  static async create(options: HelmClientOptions): Promise<HelmClient> {
    const processOptions = { bin: options.bin, env: HelmClient.envFor(options), timeoutMs: 30_000 };
    const { stdout } = await runHelm(["version", "--template", "{{.Version}}"], processOptions);
    const version = stdout.trim();
    const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
    if (major !== 3 && major !== 4) {
      throw new HelmOutputInvalidError(
        `version ${JSON.stringify(version)} (Wheelhouse supports helm 3 and 4)`,
        {
          command: [options.bin, "version"],
        },
      );
    }
    return new HelmClient(options, version, major);
  }

  // The argv a plan shows and the worker runs; validation happens before anything is built.
  argvFor(op: HelmOperation, valuesFile?: string): string[] {
    validateHelmOperation(op);
    return buildHelmArgv(op, { helmMajor: this.major, ...(valuesFile ? { valuesFile } : {}) });
  }

  // Reads get the configured deadline; a change gets one that outlasts every wait its --timeout
  // allows, so helm is never killed before its own timeout (which would leave pending-upgrade).
  private deadlineMs(op: HelmOperation, dryRun: boolean): number {
    if (!isMutating(op) || dryRun) return this.process.timeoutMs;
    return Math.max(this.process.timeoutMs, helmDeadlineSeconds(op) * 1000);
  }

  // bound: a shorter deadline and a cancel signal, for a call whose answer is optional.
  private async run(
    op: HelmOperation,
    bound: { timeoutMs?: number; signal?: AbortSignal; env?: Record<string, string> } = {},
  ): Promise<{ argv: string[]; stdout: string }> {
    validateHelmOperation(op);
    const values = "values" in op ? op.values : undefined;
    const dir =
      values === undefined ? undefined : await mkdtemp(join(tmpdir(), "wheelhouse-values-"));
    try {
      const valuesFile = dir === undefined ? undefined : join(dir, "values.json");
      if (valuesFile !== undefined)
        await writeFile(valuesFile, JSON.stringify(values), { mode: 0o600 });
      const argv = this.argvFor(op, valuesFile);
      const dryRun = "dryRun" in op && op.dryRun === true;
      const timeoutMs = Math.min(this.deadlineMs(op, dryRun), bound.timeoutMs ?? Infinity);
      const started = performance.now();
      let outcome: HelmCall["outcome"] = "error";
      try {
        const processOptions = {
          ...this.process,
          env: { ...this.process.env, ...bound.env },
          timeoutMs,
          ...(bound.signal ? { signal: bound.signal } : {}),
          // Only a change has state to put right after SIGTERM; a dry run on a silent API server
          // says "cancelled" and keeps waiting, so it is not given the 5 s a change gets.
          ...(isMutating(op) && !dryRun ? {} : { forceKillAfterMs: READ_KILL_GRACE_MS }),
        };
        const { stdout } = await runHelm(argv, processOptions, { dryRun }).catch(
          (error: unknown) => {
            throw silentClusterError(error, op, dryRun, performance.now() - started);
          },
        );
        outcome = "ok";
        return { argv, stdout };
      } finally {
        const seconds = (performance.now() - started) / 1000;
        this.onCall?.({ subcommand: `${op.kind}${dryRun ? "-dry-run" : ""}`, seconds, outcome });
      }
    } finally {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    }
  }

  async list(
    filter: { namespace?: string; statusFilter?: ListStatusFilter } = {},
  ): Promise<Inventory> {
    const { argv, stdout } = await this.run({ kind: "list", ...filter });
    return parseOutput(inventorySchema, stdout, "a release list", argv);
  }

  async status(
    release: ReleaseRef,
    revision?: number,
    options: HelmReadOptions = {},
  ): Promise<ReleaseDetail> {
    const { argv, stdout } = await this.run(
      { kind: "status", release, ...(revision ? { revision } : {}) },
      options,
    );
    return parseOutput(releaseDetailSchema, stdout, "a release status", argv);
  }

  async history(release: ReleaseRef, max?: number): Promise<HistoryEntry[]> {
    const { argv, stdout } = await this.run({ kind: "history", release, ...(max ? { max } : {}) });
    return parseOutput(historySchema, stdout, "a release history", argv);
  }

  async getValues(
    release: ReleaseRef,
    options: { all?: boolean; revision?: number } = {},
  ): Promise<Record<string, unknown>> {
    const op: HelmOperation = { kind: "get-values", release, all: options.all ?? false };
    if (options.revision !== undefined) op.revision = options.revision;
    const { argv, stdout } = await this.run(op);
    return parseOutput(valuesSchema, stdout, "release values", argv);
  }

  async getManifest(
    release: ReleaseRef,
    revision?: number,
    options: HelmReadOptions = {},
  ): Promise<string> {
    const { stdout } = await this.run(
      { kind: "get-manifest", release, ...(revision ? { revision } : {}) },
      options,
    );
    return stdout;
  }

  async searchRepo(chart: string, options: { devel?: boolean } = {}): Promise<SearchResult[]> {
    const { argv, stdout } = await this.run({
      kind: "search-repo",
      chart,
      devel: options.devel ?? false,
    });
    return parseOutput(searchResultSchema, stdout, "search results", argv);
  }

  async showChart(
    chart: string,
    version?: string,
    tls: { caFile?: string } = {},
  ): Promise<ChartMetadata> {
    const { argv, stdout } = await this.run({
      kind: "show-chart",
      chart,
      ...(version ? { version } : {}),
      ...(tls.caFile ? { caFile: tls.caFile } : {}),
    });
    return parseOutput(chartMetadataSchema, stdout, "chart metadata", argv, true);
  }

  async showValues(
    chart: string,
    version?: string,
    tls: { caFile?: string } = {},
  ): Promise<Record<string, unknown>> {
    const { argv, stdout } = await this.run({
      kind: "show-values",
      chart,
      ...(version ? { version } : {}),
      ...(tls.caFile ? { caFile: tls.caFile } : {}),
    });
    return parseOutput(valuesSchema, stdout, "chart default values", argv, true);
  }

  // The chart's values.schema.json, undefined when it has none: pulled and unpacked into a
  // temp dir that is always removed.
  async chartSchema(
    chart: string,
    version?: string,
    options: { caFile?: string; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<Record<string, unknown> | undefined> {
    // helm unpacks through a temp dir of its own, left behind when the pull is cancelled:
    // both live under one dir of ours (TMPDIR), removed whatever happens.
    const dir = await mkdtemp(join(tmpdir(), "wheelhouse-schema-"));
    try {
      const untarDir = join(dir, "chart");
      await Promise.all([mkdir(untarDir), mkdir(join(dir, "tmp"))]);
      const { caFile, ...bound } = options;
      const op: HelmOperation = { kind: "pull-chart", chart, untarDir };
      if (version) op.version = version;
      if (caFile) op.caFile = caFile;
      const { argv } = await this.run(op, { ...bound, env: { TMPDIR: join(dir, "tmp") } });
      return await readChartSchema(untarDir, argv);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  // `helm env`: where this helm keeps its repositories, their index cache and registry logins.
  async env(): Promise<HelmEnv> {
    const { argv, stdout } = await this.run({ kind: "env" });
    const parsed = helmEnvSchema.safeParse(parseHelmEnv(stdout));
    if (!parsed.success)
      throw new HelmOutputInvalidError("an environment", {
        command: ["helm", ...argv],
        stderr: parsed.error.message,
        cause: parsed.error,
      });
    return parsed.data;
  }

  async repoAdd(name: string, url: string): Promise<void> {
    await this.run({ kind: "repo-add", name, url });
  }

  async repoUpdate(names?: string[]): Promise<void> {
    await this.run({ kind: "repo-update", ...(names ? { names } : {}) });
  }

  async mutate(op: MutatingHelmOperation): Promise<MutationResult> {
    const { argv, stdout } = await this.run(op);
    const printsRelease = op.kind === "install" || op.kind === "upgrade";
    const release = printsRelease
      ? parseOutput(releaseDetailSchema, stdout, "the new release", argv)
      : undefined;
    return { argv, stdout, release };
  }
}
