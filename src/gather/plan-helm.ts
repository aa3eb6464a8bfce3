// What planning needs from helm: the HelmClient methods it calls (HelmClient satisfies this), and
// the two conversions every gatherer shares: a status into a snapshot, a dry-run into an outcome.
import { z } from "zod";
import type { MutationResult } from "../helm/helm-client.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { MutatingHelmOperation } from "../model/helm-operation.ts";
import type {
  ChartMetadata,
  HistoryEntry,
  ReleaseDetail,
  SearchResult,
} from "../model/helm-output-schemas.ts";
import type { ReleaseRef } from "../model/release.ts";
import { toHookSummary } from "../plan/hooks-that-run.ts";
import type { DryRunOutcome, StatusSnapshot } from "../plan/plan-inputs.ts";
import type { HistoryRow } from "../plan/plan-types.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { selectChangedDocuments } from "../plan/select-changed-documents.ts";

export interface PlanHelm {
  readonly major: 3 | 4;
  status(release: ReleaseRef, revision?: number): Promise<ReleaseDetail>;
  history(release: ReleaseRef, max?: number): Promise<HistoryEntry[]>;
  searchRepo(chart: string, options?: { devel?: boolean }): Promise<SearchResult[]>;
  showChart(chart: string, version?: string, tls?: { caFile?: string }): Promise<ChartMetadata>;
  showValues(
    chart: string,
    version?: string,
    tls?: { caFile?: string },
  ): Promise<Record<string, unknown>>;
  // values.schema.json (helm pull --untar): optional, a fake helm may leave it out.
  chartSchema?(
    chart: string,
    version?: string,
    options?: { caFile?: string; timeoutMs?: number; signal?: AbortSignal },
  ): Promise<Record<string, unknown> | undefined>;
  mutate(op: MutatingHelmOperation): Promise<MutationResult>;
  // The running manifest alone: helm 4's status also reads every object's state, which takes
  // seconds on a big release. Optional: status gives the manifest too.
  getManifest?(release: ReleaseRef, revision?: number): Promise<string>;
  getValues?(release: ReleaseRef): Promise<Record<string, unknown>>;
}

// What an upgrade needs of the running release: its manifest (wanted first, for the dry-run's
// changed documents) and a snapshot of its state, both started now. helm 4's status also reads
// the state of every object (0.6 s alone for 150 objects, seconds beside a dry-run): there the
// values, the manifest and the last history entry are read instead, three light processes at
// once, unless the release had only a few objects when it was last read, where one status costs
// less than three processes.
export function readRunningRelease(
  helm: PlanHelm,
  release: ReleaseRef,
): { manifest: Promise<string>; status: Promise<StatusSnapshot> } {
  if (helm.major === 3 || !helm.getValues || !helm.getManifest || hasFewObjects(release)) {
    const status = started(helm.status(release).then(statusSnapshot));
    return { status, manifest: started(status.then((s) => s.manifest ?? "")) };
  }
  const manifest = started(helm.getManifest(release));
  const status = started(
    Promise.all([helm.getValues(release), manifest, helm.history(release, 1)]).then(
      async ([config, text, history]): Promise<StatusSnapshot> => {
        const last = history.at(-1);
        if (!last) return statusSnapshot(await helm.status(release));
        return {
          version: last.revision,
          info: { status: last.status, description: last.description, last_deployed: last.updated },
          config,
          manifest: text,
        };
      },
    ),
  );
  return { manifest, status };
}

// How many objects each release had when last read, to choose how the next plan reads it.
const FEW_OBJECTS = 12;
const REMEMBERED_RELEASES = 2000;
const releaseSizes = new Map<string, number>();
const releaseKey = (release: ReleaseRef) => `${release.namespace}/${release.name}`;

function hasFewObjects(release: ReleaseRef): boolean {
  const size = releaseSizes.get(releaseKey(release));
  return size !== undefined && size <= FEW_OBJECTS;
}

export function rememberReleaseSize(release: ReleaseRef, objects: number): void {
  const key = releaseKey(release);
  releaseSizes.delete(key);
  releaseSizes.set(key, objects);
  if (releaseSizes.size > REMEMBERED_RELEASES)
    releaseSizes.delete(releaseSizes.keys().next().value ?? "");
}

export function statusSnapshot(detail: ReleaseDetail): StatusSnapshot {
  return {
    version: detail.version,
    info: {
      status: detail.info.status,
      description: detail.info.description,
      last_deployed: detail.info.last_deployed,
    },
    config: detail.config ?? {},
    manifest: detail.manifest ?? "",
    hooks: (detail.hooks ?? []).map(toHookSummary),
  };
}

export function historyRows(entries: readonly HistoryEntry[]): HistoryRow[] {
  return entries.map((h) => ({
    revision: h.revision,
    updated: h.updated,
    status: h.status,
    chart: h.chart,
    appVersion: h.app_version,
    description: h.description,
  }));
}

// The values helm rendered with, read from the dry-run's own output (HelmClient keeps only the
// chart's metadata): the target chart's defaults, unless --reuse-values replaced them. The same
// output carries the chart's deprecation flag and its crds/ files, which an upgrade never applies.
const renderedChartSchema = z.object({
  chart: z
    .object({
      values: z.record(z.string(), z.unknown()).nullish(),
      metadata: z
        .object({ deprecated: z.boolean().nullish(), description: z.string().nullish() })
        .nullish(),
      files: z.array(z.object({ name: z.string(), data: z.string().nullish() })).nullish(),
    })
    .nullish(),
});

interface RenderedChart {
  values: Record<string, unknown>;
  deprecated: boolean;
  description: string;
  crdFiles: Array<{ name: string; text: string }>;
}

function renderedChartOf(stdout: string): RenderedChart | null {
  try {
    const parsed = renderedChartSchema.safeParse(JSON.parse(stdout));
    if (!parsed.success) return null;
    const chart = parsed.data.chart;
    return {
      values: chart?.values ?? {},
      deprecated: chart?.metadata?.deprecated ?? false,
      description: chart?.metadata?.description ?? "",
      crdFiles: (chart?.files ?? [])
        .filter((f) => f.name.startsWith("crds/"))
        .map((f) => ({ name: f.name, text: Buffer.from(f.data ?? "", "base64").toString("utf8") })),
    };
  } catch {
    // Not JSON: rollback and uninstall print a sentence, and have no chart values to give.
    return null;
  }
}

// helm's "no" is an outcome the plan explains; anything without an error code is a bug, thrown.
// helm's --dry-run=server renders with cluster lookups but never shows the objects to the API
// server, so a rendered manifest is then checked by the API server itself (a server-side dry
// run, in-process or by kubectl); the check is prepared beside helm, as starting kubectl is
// most of that path's time.
// running: the manifest the release runs now; the objects it already has exactly are not sent
// to the API server again (selectChangedDocuments).
export async function runDryRun(
  helm: PlanHelm,
  kube: KubeReader,
  operation: MutatingHelmOperation,
  running?: Promise<string>,
): Promise<DryRunOutcome> {
  const renders = operation.kind === "upgrade" || operation.kind === "install";
  // helm first: it is the longer of the two, and starting a process holds the event loop.
  const mutation = started(helm.mutate(operation));
  const validation = renders ? kube.prepareValidation(operation.release.namespace) : null;
  try {
    const result = await mutation;
    const release = result.release;
    const manifest = release?.manifest ?? null;
    let accepted: number | null = null;
    let unchanged = 0;
    if (validation && manifest !== null && manifest.trim() !== "") {
      const ns = operation.release.namespace;
      const selected = selectChangedDocuments(running ? await running : "", manifest, ns);
      unchanged = selected.unchanged;
      accepted =
        selected.manifest.trim() === "" ? 0 : (await validation.validate(selected.manifest)).length;
    }
    return {
      ok: true,
      operation,
      manifest,
      config: release ? (release.config ?? {}) : null,
      hooks: (release?.hooks ?? []).map(toHookSummary),
      summary: release
        ? `helm: ${release.info.description || "dry run complete"}`
        : `helm: ${result.stdout.trim().split("\n")[0] ?? ""}`,
      apiServerAccepted: accepted,
      apiServerUnchanged: unchanged,
      ...renderedFields(release ? renderedChartOf(result.stdout) : null),
    };
  } catch (error) {
    const info = codedErrorInfo(error);
    if (info.code === "unexpected_error") throw error;
    return { ok: false, operation, error: info };
  } finally {
    await validation?.cancel();
  }
}

function renderedFields(chart: RenderedChart | null) {
  return {
    chartValues: chart?.values ?? null,
    targetChart: chart
      ? { deprecated: chart.deprecated, description: chart.description, crdFiles: chart.crdFiles }
      : null,
  };
}

// Started early and maybe never awaited (a refusal returns first): mark it handled now.
export function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

// helm refuses to search when no repository is configured at all; for planning that is the same
// answer as a search that found nothing (the plan then says how to add one).
export async function searchCharts(helm: PlanHelm, chartName: string): Promise<SearchResult[]> {
  try {
    // --devel lists pre-releases too; choosing among them is the planner's job.
    return await helm.searchRepo(chartName, { devel: true });
  } catch (error) {
    const info = codedErrorInfo(error);
    if (
      info.code === "helm_command_failed" &&
      /no repositories (configured|to show)/i.test(info.stderrHead)
    )
      return [];
    throw error;
  }
}
