// What an uninstall does to persistent data. A PersistentVolumeClaim in the manifest is deleted
// with the release (unless kept by resource policy). Claims a StatefulSet made from its
// volumeClaimTemplates are not in the manifest: helm leaves them, and with them the data, unless
// the StatefulSet's persistentVolumeClaimRetentionPolicy says whenDeleted: Delete.
import { isPlainObject } from "./canonical-json.ts";
import { isKept, type ManifestObject } from "./parse-manifest.ts";
import type { PvcInfo } from "./plan-inputs.ts";
import type { VolumeFate } from "./plan-types.ts";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function claimTemplates(sts: ManifestObject): string[] {
  const spec = sts.body.spec;
  const templates = isPlainObject(spec) ? spec.volumeClaimTemplates : undefined;
  if (!Array.isArray(templates)) return [];
  return templates.flatMap((t) =>
    isPlainObject(t) && isPlainObject(t.metadata) && typeof t.metadata.name === "string"
      ? [t.metadata.name]
      : [],
  );
}

function deletesClaims(sts: ManifestObject): boolean {
  const spec = sts.body.spec;
  const policy = isPlainObject(spec) ? spec.persistentVolumeClaimRetentionPolicy : undefined;
  return isPlainObject(policy) && policy.whenDeleted === "Delete";
}

export function findVolumeFates(
  objects: readonly ManifestObject[],
  clusterPvcs: readonly PvcInfo[],
): VolumeFate[] {
  const fates: VolumeFate[] = [];
  const live = (namespace: string, name: string) =>
    clusterPvcs.find((p) => p.namespace === namespace && p.name === name);
  for (const object of objects) {
    if (object.ref.kind !== "PersistentVolumeClaim" || object.ref.namespace === null) continue;
    const found = live(object.ref.namespace, object.ref.name);
    const kept = isKept(object);
    fates.push({
      namespace: object.ref.namespace,
      name: object.ref.name,
      fate: kept ? "kept" : "deleted",
      source: "manifest",
      owner: null,
      phase: found?.phase ?? null,
      capacity: found?.capacity ?? null,
      reason: kept
        ? "annotated helm.sh/resource-policy: keep"
        : "it is part of the release's manifest, so helm deletes it",
    });
  }
  for (const sts of objects) {
    if (sts.ref.kind !== "StatefulSet" || sts.ref.namespace === null) continue;
    const namespace = sts.ref.namespace;
    const byController = deletesClaims(sts);
    for (const template of claimTemplates(sts)) {
      const pattern = new RegExp(`^${escapeRegExp(template)}-${escapeRegExp(sts.ref.name)}-\\d+$`);
      for (const pvc of clusterPvcs.filter(
        (p) => p.namespace === namespace && pattern.test(p.name),
      )) {
        fates.push({
          namespace,
          name: pvc.name,
          fate: byController ? "deleted" : "kept",
          source: "statefulset",
          owner: `StatefulSet ${sts.ref.name}`,
          phase: pvc.phase,
          capacity: pvc.capacity,
          reason: byController
            ? `StatefulSet ${sts.ref.name} has persistentVolumeClaimRetentionPolicy whenDeleted: Delete`
            : `made by StatefulSet ${sts.ref.name} from its volumeClaimTemplate ${template}; helm does not delete it`,
        });
      }
    }
  }
  return fates;
}
