// What a manifest holds, for a reader who cannot scan 150 objects: counts by kind first, then
// where the objects live (the release's namespace, other namespaces, cluster-wide) and which
// subchart rendered them. Objects outside the release's namespace are named one by one: they are
// the ones a person does not expect (a Role in kube-system, a ClusterRole, a webhook).
import { containerImages, type ManifestObject, type ObjectRef } from "./parse-manifest.ts";

export interface KindCount {
  kind: string;
  count: number;
}

export interface NamespaceCount {
  // null: cluster-scoped objects, which live in no namespace.
  namespace: string | null;
  count: number;
}

export interface SubchartShare {
  chart: string;
  objects: number;
  images: string[];
}

export interface ManifestSummary {
  total: number;
  byKind: KindCount[];
  byNamespace: NamespaceCount[];
  // Every object outside the release's namespace, cluster-scoped ones included.
  elsewhere: ObjectRef[];
  subcharts: SubchartShare[];
}

function counted<K>(keys: readonly K[]): Array<{ key: K; count: number }> {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count }));
}

export function summarizeManifest(
  objects: readonly ManifestObject[],
  releaseNamespace: string,
): ManifestSummary {
  const byKind = counted(objects.map((o) => o.ref.kind))
    .map(({ key, count }) => ({ kind: key, count }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  // The release's namespace first, other namespaces by name, cluster-scoped last.
  const rank = (ns: string | null) => (ns === releaseNamespace ? 0 : ns === null ? 2 : 1);
  const byNamespace = counted(objects.map((o) => o.ref.namespace))
    .map(({ key, count }) => ({ namespace: key, count }))
    .sort(
      (a, b) =>
        rank(a.namespace) - rank(b.namespace) ||
        (a.namespace ?? "").localeCompare(b.namespace ?? ""),
    );
  const elsewhere = objects
    .filter((o) => o.ref.namespace !== releaseNamespace)
    .map((o) => ({ ...o.ref }))
    .sort((a, b) => rank(a.namespace) - rank(b.namespace));
  const shares = new Map<string, SubchartShare>();
  for (const object of objects) {
    if (!object.subchart) continue;
    const share = shares.get(object.subchart) ?? { chart: object.subchart, objects: 0, images: [] };
    share.objects++;
    for (const image of containerImages(object.body).values())
      if (!share.images.includes(image)) share.images.push(image);
    shares.set(object.subchart, share);
  }
  return {
    total: objects.length,
    byKind,
    byNamespace,
    elsewhere,
    subcharts: [...shares.values()].sort((a, b) => a.chart.localeCompare(b.chart)),
  };
}
