// What an uninstall does to CustomResourceDefinitions. helm deletes a CRD only when it is a
// template (in the manifest); CRDs from a chart's crds/ directory are never in the manifest and
// always stay, together with every custom resource of theirs that the release does not own.
// The CRDs of a release are found from the manifest's custom resources: a cluster CRD whose
// group and kind match one, and that no other helm release owns.
import { isPlainObject } from "./canonical-json.ts";
import { apiGroup, isKept, type ManifestObject } from "./parse-manifest.ts";
import type { ClusterObjectRef, CrdInfo } from "./plan-inputs.ts";
import type { CrdFate, CustomResourceRef } from "./plan-types.ts";

function specOf(object: ManifestObject): { group: string; kind: string } | null {
  const spec = object.body.spec;
  if (!isPlainObject(spec) || !isPlainObject(spec.names)) return null;
  const { group } = spec;
  const { kind } = spec.names;
  return typeof group === "string" && typeof kind === "string" ? { group, kind } : null;
}

export function findCrdFates(input: {
  objects: readonly ManifestObject[];
  release: { name: string; namespace: string };
  clusterCrds: readonly CrdInfo[];
  customResources: Readonly<Record<string, readonly ClusterObjectRef[]>>;
}): CrdFate[] {
  const { objects, release } = input;
  const inRelease = (crd: { group: string; kind: string }, ref: ClusterObjectRef) =>
    objects.some(
      (o) =>
        o.ref.kind === crd.kind &&
        apiGroup(o.ref.apiVersion) === crd.group &&
        o.ref.name === ref.name &&
        (o.ref.namespace ?? null) === ref.namespace,
    );
  const resourcesOf = (name: string, crd: { group: string; kind: string }): CustomResourceRef[] =>
    (input.customResources[name] ?? []).map((r) => ({
      namespace: r.namespace,
      name: r.name,
      inRelease: inRelease(crd, r),
    }));

  const fates: CrdFate[] = [];
  const templated = new Set<string>();
  for (const object of objects) {
    if (object.ref.kind !== "CustomResourceDefinition") continue;
    const spec = specOf(object);
    if (!spec) continue;
    templated.add(object.ref.name);
    const kept = isKept(object);
    fates.push({
      name: object.ref.name,
      ...spec,
      fate: kept ? "left-behind" : "deleted",
      reason: kept
        ? "it is a template annotated helm.sh/resource-policy: keep"
        : `it is a template of the chart, so helm deletes it, and the API server deletes every ${spec.kind} with it`,
      customResources: resourcesOf(object.ref.name, spec),
    });
  }
  for (const crd of input.clusterCrds) {
    if (templated.has(crd.name)) continue;
    const used = objects.some(
      (o) => o.ref.kind === crd.kind && apiGroup(o.ref.apiVersion) === crd.group,
    );
    const ownedElsewhere =
      crd.helmRelease !== null &&
      (crd.helmRelease.name !== release.name || crd.helmRelease.namespace !== release.namespace);
    if (!used || ownedElsewhere) continue;
    fates.push({
      name: crd.name,
      group: crd.group,
      kind: crd.kind,
      fate: "left-behind",
      reason:
        "it is not in the release's manifest (a chart's crds/ directory is installed once and never deleted by helm)",
      customResources: resourcesOf(crd.name, crd),
    });
  }
  return fates.sort((a, b) => (a.name < b.name ? -1 : 1));
}
