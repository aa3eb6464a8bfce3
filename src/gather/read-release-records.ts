// A release's state straight from helm's own storage: the Secrets helm's default driver keeps,
// one per revision (type helm.sh/release.v1, labels owner=helm and name=<release>, data.release
// = base64 of gzipped release JSON). `helm status`, `helm history` and `helm get values/manifest
// --revision` all print from these records; one kubectl read of them replaces four helm
// processes or more, two of which could only start after `helm history` had answered (and helm
// 4's status also reads every live object of the release). Best effort: when the records cannot
// be read (another storage driver, no right to list Secrets, an unreadable record) the snapshot
// asks helm, as before; only time is lost.
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import type { KubeObject } from "../kube/kube-object-schema.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import {
  type HistoryEntry,
  type ReleaseDetail,
  releaseDetailSchema,
} from "../model/helm-output-schemas.ts";
import type { ReleaseRef } from "../model/release.ts";

export interface StoredRevision {
  values: Record<string, unknown>;
  manifest: string;
}

export interface ReleaseRecords {
  // The newest revision, as `helm status -o json` prints it; null: ask helm.
  latest: ReleaseDetail | null;
  // Every stored revision, oldest first, as `helm history -o json` prints it.
  history: HistoryEntry[];
  revisions: ReadonlyMap<number, StoredRevision>;
}

const RELEASE_SECRET_TYPE = "helm.sh/release.v1";
// A release record larger than this is not decoded (a Secret holds at most 1 MiB gzipped).
const MAX_DECODED_BYTES = 64 * 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

const releaseSecretSchema = z.object({
  type: z.literal(RELEASE_SECRET_TYPE),
  data: z.object({ release: z.string() }),
});

const NO_RECORDS: ReleaseRecords = { latest: null, history: [], revisions: new Map() };

export function releaseSecretSelector(release: ReleaseRef): string {
  return `owner=helm,name=${release.name}`;
}

function decodeRecord(record: string): unknown {
  // Kubernetes base64-encodes Secret data; helm base64-encodes its (gzipped) JSON inside.
  const inner = Buffer.from(Buffer.from(record, "base64").toString("latin1"), "base64");
  const json =
    inner[0] === GZIP_MAGIC[0] && inner[1] === GZIP_MAGIC[1]
      ? gunzipSync(inner, { maxOutputLength: MAX_DECODED_BYTES })
      : inner;
  return JSON.parse(json.toString("utf8"));
}

// helm history's row for a revision: chart as name-version, "MISSING" when the record has none.
export function historyRow(detail: ReleaseDetail): HistoryEntry {
  const chart = detail.chart?.metadata;
  return {
    revision: detail.version,
    updated: detail.info.last_deployed ?? "",
    status: detail.info.status,
    chart: chart ? `${chart.name}-${chart.version}` : "MISSING",
    app_version: chart?.appVersion ?? "",
    description: detail.info.description,
  };
}

// Every revision of the release, oldest first; null when one record cannot be read.
export function decodeReleaseDetails(
  secrets: readonly KubeObject[],
  release: ReleaseRef,
): ReleaseDetail[] | null {
  const details: ReleaseDetail[] = [];
  for (const secret of secrets) {
    const parsed = releaseSecretSchema.safeParse(secret);
    if (!parsed.success) continue;
    let detail: ReleaseDetail;
    try {
      detail = releaseDetailSchema.parse(decodeRecord(parsed.data.data.release));
    } catch {
      // One unreadable record could be the newest: helm answers instead, or says what is wrong.
      return null;
    }
    // Only the records of this release, in this namespace: labels alone prove nothing.
    if (detail.name === release.name && detail.namespace === release.namespace) {
      details.push(detail);
    }
  }
  return details.sort((a, b) => a.version - b.version);
}

export function decodeReleaseRecords(
  secrets: readonly KubeObject[],
  release: ReleaseRef,
): ReleaseRecords {
  const details = decodeReleaseDetails(secrets, release);
  if (details === null) return NO_RECORDS;
  return {
    latest: details.at(-1) ?? null,
    history: details.map(historyRow),
    revisions: new Map(
      details.map((d) => [d.version, { values: d.config ?? {}, manifest: d.manifest ?? "" }]),
    ),
  };
}

// Never fails: records that cannot be read mean "ask helm".
export async function readReleaseRecords(
  kube: Pick<KubeReader, "get">,
  release: ReleaseRef,
): Promise<ReleaseRecords> {
  try {
    const secrets = await kube.get({
      resource: "secrets",
      namespace: release.namespace,
      selector: releaseSecretSelector(release),
    });
    return decodeReleaseRecords(secrets, release);
  } catch {
    return NO_RECORDS;
  }
}
