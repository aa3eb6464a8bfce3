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
import { KubeError } from "../kube/kube-errors.ts";
import type { KubeObject } from "../kube/kube-object-schema.ts";
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

type RecordsReader = Pick<KubeReader, "get" | "getOne" | "listMetadata">;

const recordsQuery = (release: ReleaseRef) => ({
  resource: "secrets",
  namespace: release.namespace,
  selector: releaseSecretSelector(release),
});

// Every revision, oldest first; null: helm answers. Never fails.
async function storedRevisions(
  kube: RecordsReader,
  release: ReleaseRef,
  signal?: AbortSignal,
): Promise<ReleaseDetail[] | null> {
  try {
    const details = decodeReleaseDetails(
      await kube.get(recordsQuery(release), signal ? { signal } : {}),
      release,
    );
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

// The record's revision as helm labels it ("version"); null when a label is not a revision.
function labelledRevision(record: KubeObject): number | null {
  const label = record.metadata.labels?.version ?? "";
  return /^[1-9]\d{0,8}$/.test(label) ? Number(label) : null;
}

const isForbidden = (error: unknown) =>
  error instanceof KubeError && error.code === "kube_forbidden";

// One revision, decoding only its record: every revision of a big chart's release is megabytes
// to fetch and decode on the main thread, for a read that prints one. The records' labels say
// which one; its own body must then agree, or every record is read, as helm reads them.
async function storedRevision(
  kube: RecordsReader,
  release: ReleaseRef,
  revision: number | undefined,
  signal: AbortSignal | undefined,
): Promise<ReleaseDetail | null> {
  const readAll = async () => {
    const details = await storedRevisions(kube, release, signal);
    return details === null ? null : revisionOf(details, revision);
  };
  if (kube.listMetadata === undefined) return readAll();
  try {
    const options = signal ? { signal } : {};
    const listed = await kube.listMetadata(recordsQuery(release), options);
    const revisions = listed.map((record) => ({ record, version: labelledRevision(record) }));
    // No records: no release helm keeps in Secrets here, and helm says what there is.
    if (revisions.length === 0) return null;
    if (revisions.some((r) => r.version === null)) return readAll();
    const wanted = revision || Math.max(...revisions.map((r) => r.version ?? 0));
    const found = revisions.find((r) => r.version === wanted);
    if (found === undefined) return null;
    const { namespace } = release;
    const name = found.record.metadata.name;
    const record = await kube.getOne({ resource: "secrets", namespace, name }, options);
    const [detail, ...more] = (record && decodeReleaseDetails([record], release)) ?? [];
    return detail?.version === wanted && more.length === 0 ? detail : readAll();
  } catch (error) {
    // Refused the listing: the whole records would be refused too, and helm answers at once.
    return isForbidden(error) ? null : readAll();
  }
}

// `helm status -o json` (3 and 4) prints the record without its chart.
function statusOf(detail: ReleaseDetail | null): ReleaseDetail | null {
  if (detail === null) return null;
  const { chart: _chart, ...status } = detail;
  return status;
}

export function withRecordReads(helm: ReadHelm, kube: RecordsReader): ReadHelm {
  // Input is refused as helm's adapter refuses it, before any read; null from the records: helm.
  const answered = async <T>(
    op: HelmOperation,
    fromRecords: () => Promise<T | null>,
    ask: () => Promise<T>,
  ): Promise<T> => {
    validateHelmOperation(op);
    return (await fromRecords()) ?? ask();
  };
  return {
    list: (filter) => helm.list(filter),
    status: (release, revision?: number, options: HelmReadOptions = {}) =>
      answered(
        { kind: "status", release, ...(revision ? { revision } : {}) },
        async () => statusOf(await storedRevision(kube, release, revision, options.signal)),
        () => helm.status(release, revision, options),
      ),
    history: (release, max?: number) =>
      answered(
        { kind: "history", release, ...(max ? { max } : {}) },
        async () =>
          (await storedRevisions(kube, release))
            ?.slice(-(max || HELM_HISTORY_MAX))
            .map(historyRow) ?? null,
        () => helm.history(release, max),
      ),
    getValues: (release, options: { all?: boolean; revision?: number } = {}) => {
      const { revision } = options;
      if (options.all === true || (revision !== undefined && revision < 1))
        return helm.getValues(release, options);
      return answered(
        { kind: "get-values", release, all: false, ...(revision ? { revision } : {}) },
        async () => {
          const detail = await storedRevision(kube, release, revision, undefined);
          return detail === null ? null : (detail.config ?? {});
        },
        () => helm.getValues(release, options),
      );
    },
    getManifest: (release, revision?: number, options: HelmReadOptions = {}) =>
      answered(
        { kind: "get-manifest", release, ...(revision ? { revision } : {}) },
        async () => {
          const detail = await storedRevision(kube, release, revision, options.signal);
          // helm prints it and a newline; runHelm's stdout is without that newline.
          return detail === null ? null : (detail.manifest ?? "");
        },
        () => helm.getManifest(release, revision, options),
      ),
  };
}
