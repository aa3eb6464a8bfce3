// The /helm reads answered from helm's own release records (read-release-records.ts): one Secret
// listing, in-process when the kube reader is (api-backed-reader.ts), instead of a helm process.
// Only what helm prints from those records alone: the latest or a stored revision's status, the
// newest N history rows, user-supplied values and the manifest. helm itself answers the rest
// (`get values --all` coalesces chart defaults, listings read every namespace) and whenever the
// records say nothing: none (no such release, or another storage driver), no right to list
// Secrets, an unreadable record, a revision not stored. helm then gives its own answer or error.
import {
  decodeReleaseDetails,
  historyRow,
  releaseSecretSelector,
} from "../gather/read-release-records.ts";
import type { HelmReadOptions } from "../helm/helm-client.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { HelmOperation } from "../model/helm-operation.ts";
import type { ReleaseDetail } from "../model/helm-output-schemas.ts";
import type { ReleaseRef } from "../model/release.ts";
import { validateHelmOperation } from "../model/validate-helm-operation.ts";
import type { ReadHelm } from "./read-coalescer.ts";

// helm's settings that point it at another cluster, context or identity than the kubeconfig the
// kube reader uses: the records read would not be the ones helm reads.
const HELM_CONNECTION_SETTINGS = [
  "HELM_KUBECONTEXT",
  "HELM_KUBETOKEN",
  "HELM_KUBEAPISERVER",
  "HELM_KUBEASUSER",
  "HELM_KUBEASGROUPS",
  "HELM_KUBECAFILE",
  "HELM_KUBETLS_SERVER_NAME",
  "HELM_KUBEINSECURE_SKIP_TLS_VERIFY",
];

// Whether helm, run with this environment (it inherits the process's), keeps its records as the
// Secrets read here, on the same cluster as the same user: the secret driver (helm's default, in
// its own spellings) and no connection setting of its own.
export function helmReadsTheseRecords(env: Record<string, string | undefined>): boolean {
  const driver = env.HELM_DRIVER;
  const secrets = driver === undefined || ["", "secret", "secrets"].includes(driver);
  return secrets && HELM_CONNECTION_SETTINGS.every((name) => !env[name]);
}

// helm history's --max when none is given.
const HELM_HISTORY_MAX = 256;

// Every revision, oldest first; null: helm answers. Never fails.
async function storedRevisions(
  kube: Pick<KubeReader, "get">,
  release: ReleaseRef,
  signal?: AbortSignal,
): Promise<ReleaseDetail[] | null> {
  try {
    const query = {
      resource: "secrets",
      namespace: release.namespace,
      selector: releaseSecretSelector(release),
    };
    const details = decodeReleaseDetails(await kube.get(query, signal ? { signal } : {}), release);
    return details === null || details.length === 0 ? null : details;
  } catch {
    return null;
  }
}

// The stored revision helm would print: the newest for none (helm takes 0 as none too).
function revisionOf(details: ReleaseDetail[], revision: number | undefined): ReleaseDetail | null {
  if (!revision) return details.at(-1) ?? null;
  return details.find((d) => d.version === revision) ?? null;
}

// `helm status -o json` (3 and 4) prints the record without its chart.
function statusOf(detail: ReleaseDetail | null): ReleaseDetail | null {
  if (detail === null) return null;
  const { chart: _chart, ...status } = detail;
  return status;
}

export function withRecordReads(helm: ReadHelm, kube: Pick<KubeReader, "get">): ReadHelm {
  // Input is refused as helm's adapter refuses it, before any read.
  const fromRecords = async <T>(
    op: HelmOperation & { release: ReleaseRef },
    signal: AbortSignal | undefined,
    answer: (details: ReleaseDetail[]) => T | null,
    ask: () => Promise<T>,
  ): Promise<T> => {
    validateHelmOperation(op);
    const details = await storedRevisions(kube, op.release, signal);
    const answered = details === null ? null : answer(details);
    return answered === null ? ask() : answered;
  };
  return {
    list: (filter) => helm.list(filter),
    status: (release, revision?: number, options: HelmReadOptions = {}) =>
      fromRecords(
        { kind: "status", release, ...(revision ? { revision } : {}) },
        options.signal,
        (details) => statusOf(revisionOf(details, revision)),
        () => helm.status(release, revision, options),
      ),
    history: (release, max?: number) =>
      fromRecords(
        { kind: "history", release, ...(max ? { max } : {}) },
        undefined,
        (details) => details.slice(-(max || HELM_HISTORY_MAX)).map(historyRow),
        () => helm.history(release, max),
      ),
    getValues: (release, options: { all?: boolean; revision?: number } = {}) => {
      const { revision } = options;
      if (options.all === true || (revision !== undefined && revision < 1))
        return helm.getValues(release, options);
      return fromRecords(
        { kind: "get-values", release, all: false, ...(revision ? { revision } : {}) },
        undefined,
        (details) => {
          const detail = revisionOf(details, revision);
          return detail === null ? null : (detail.config ?? {});
        },
        () => helm.getValues(release, options),
      );
    },
    getManifest: (release, revision?: number, options: HelmReadOptions = {}) =>
      fromRecords(
        { kind: "get-manifest", release, ...(revision ? { revision } : {}) },
        options.signal,
        (details) => {
          const detail = revisionOf(details, revision);
          // helm prints it and a newline; runHelm's stdout is without that newline.
          return detail === null ? null : (detail.manifest ?? "");
        },
        () => helm.getManifest(release, revision, options),
      ),
  };
}
