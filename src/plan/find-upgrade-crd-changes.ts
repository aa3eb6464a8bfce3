// What an upgrade does to CustomResourceDefinitions. helm installs a chart's crds/ directory only
// at install time: a CRD new in the target's crds/ is not installed by the upgrade, and objects
// of its kind then fail (warned, with the command that installs it). A templated CRD the target's
// manifest no longer has is deleted by the upgrade, unless kept by helm.sh/resource-policy, and
// the API server deletes every custom resource of its kind with it (counted in the cluster).
import { parseAllDocuments } from "yaml";
import { isPlainObject } from "./canonical-json.ts";
import { isKept, type ManifestObject, objectKey } from "./parse-manifest.ts";
import type { ClusterObjectRef } from "./plan-inputs.ts";
import type { CrdFate } from "./plan-types.ts";

export interface ChartCrd {
  name: string;
  group: string;
  kind: string;
  plural: string;
  scope: string;
}

function crdOf(body: unknown): ChartCrd | null {
  if (!isPlainObject(body) || body.kind !== "CustomResourceDefinition") return null;
  const { metadata, spec } = body;
  if (!isPlainObject(metadata) || !isPlainObject(spec) || !isPlainObject(spec.names)) return null;
  const { name } = metadata;
  const { group, scope } = spec;
  const { kind, plural } = spec.names;
  if (typeof name !== "string" || typeof group !== "string") return null;
  if (typeof kind !== "string" || typeof plural !== "string") return null;
  return { name, group, kind, plural, scope: typeof scope === "string" ? scope : "Namespaced" };
}

// The CRDs of a chart's crds/ directory, from the files helm loaded with the chart.
export function chartCrdsFrom(files: ReadonlyArray<{ name: string; text: string }>): ChartCrd[] {
  const crds: ChartCrd[] = [];
  for (const file of files) {
    if (!file.name.startsWith("crds/")) continue;
    for (const doc of parseAllDocuments(file.text)) {
      const crd = doc.errors.length === 0 ? crdOf(doc.toJS()) : null;
      if (crd) crds.push(crd);
    }
  }
  return crds;
}

// Templated CRDs of the running manifest that the target's drops and does not keep.
export function crdsDroppedBy(
  before: readonly ManifestObject[],
  after: readonly ManifestObject[],
): ChartCrd[] {
  const next = new Set(after.map((o) => objectKey(o.ref)));
  return before
    .filter((o) => !next.has(objectKey(o.ref)) && !isKept(o))
    .map((o) => crdOf(o.body))
    .filter((c): c is ChartCrd => c !== null);
}

export interface UpgradeCrdFacts {
  // crds/ CRDs of the target the cluster does not have.
  missing: ChartCrd[];
  dropped: Array<{ crd: ChartCrd; customResources: ClusterObjectRef[] }>;
}

export function describeUpgradeCrds(
  facts: UpgradeCrdFacts,
  target: { chartRef: string; version: string },
): { warnings: string[]; crds: CrdFate[] } {
  const install = `helm show crds ${target.chartRef} --version ${target.version} | kubectl apply --server-side -f -`;
  const warnings = facts.missing.map(
    (crd) =>
      `CRD ${crd.name} is new in the crds/ directory of ${target.version}, and helm installs crds/ only at install time: the upgrade will not create it. Install it first: ${install}`,
  );
  const crds: CrdFate[] = facts.dropped.map(({ crd, customResources }) => ({
    name: crd.name,
    group: crd.group,
    kind: crd.kind,
    fate: "deleted",
    reason: `${target.version} no longer renders it and it has no helm.sh/resource-policy: keep, so the upgrade deletes it and the API server deletes every ${crd.kind} with it`,
    customResources: customResources.map((r) => ({ ...r, inRelease: false })),
  }));
  return { warnings, crds };
}
