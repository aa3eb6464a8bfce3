// Everything planUninstall needs: the manifest (from status) beside the uninstall dry-run, then,
// only when the manifest calls for them, the cluster's CRDs, their custom resources and the
// claims in the release's namespaces, read with kubectl at once.

import { crdSchema, pvcSchema } from "../kube/kube-object-schema.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { ReleaseSummary } from "../model/release.ts";
import { apiGroup, isCustomResource, parseManifest } from "../plan/parse-manifest.ts";
import type { ClusterObjectRef, CrdInfo, Execution, PvcInfo } from "../plan/plan-inputs.ts";
import { type UninstallInputs, uninstallOperation } from "../plan/plan-uninstall.ts";
import { asDryRun } from "../plan/planned-command.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { type PlanHelm, runDryRun, started, statusSnapshot } from "./plan-helm.ts";

export interface UninstallRequest {
  summary: ReleaseSummary;
  keepHistory: boolean;
  execution: Execution;
  now: Date;
}

async function readCrds(kube: KubeReader): Promise<CrdInfo[]> {
  const objects = await kube.get({ resource: "customresourcedefinitions.apiextensions.k8s.io" });
  return objects.flatMap((object) => {
    const crd = crdSchema.safeParse(object);
    if (!crd.success) return [];
    const annotations = crd.data.metadata.annotations ?? {};
    const owner = annotations["meta.helm.sh/release-name"];
    const ownerNamespace = annotations["meta.helm.sh/release-namespace"];
    return [
      {
        name: crd.data.metadata.name,
        group: crd.data.spec.group,
        kind: crd.data.spec.names.kind,
        scope: crd.data.spec.scope,
        helmRelease: owner && ownerNamespace ? { name: owner, namespace: ownerNamespace } : null,
      },
    ];
  });
}

async function readCustomResources(kube: KubeReader, crd: CrdInfo): Promise<ClusterObjectRef[]> {
  const objects = await kube.get({ resource: crd.name, allNamespaces: crd.scope === "Namespaced" });
  return objects.map((o) => ({ namespace: o.metadata.namespace ?? null, name: o.metadata.name }));
}

async function readPvcs(kube: KubeReader, namespace: string): Promise<PvcInfo[]> {
  const objects = await kube.get({ resource: "persistentvolumeclaims", namespace });
  return objects.flatMap((object) => {
    const pvc = pvcSchema.safeParse(object);
    if (!pvc.success) return [];
    return [
      {
        namespace: pvc.data.metadata.namespace,
        name: pvc.data.metadata.name,
        phase: pvc.data.status?.phase ?? null,
        capacity: pvc.data.status?.capacity?.storage ?? null,
      },
    ];
  });
}

// A cluster that will not show Wheelhouse its CRDs or claims (RBAC) still gets a plan; it says
// what it could not see.
async function orUnseen<T>(read: Promise<T[]>, what: string, unseen: string[]): Promise<T[]> {
  try {
    return await read;
  } catch (error) {
    if (codedErrorInfo(error).code !== "kube_forbidden") throw error;
    unseen.push(what);
    return [];
  }
}

export async function gatherUninstallInputs(
  helm: PlanHelm,
  kube: KubeReader,
  request: UninstallRequest,
): Promise<UninstallInputs> {
  const { summary } = request;
  const release = { name: summary.name, namespace: summary.namespace };
  const dryRun = started(
    runDryRun(
      helm,
      kube,
      asDryRun(uninstallOperation(release, request.keepHistory, request.execution)),
    ),
  );
  const status = statusSnapshot(await helm.status(release));
  const { objects } = parseManifest(status.manifest ?? "", release.namespace);
  const custom = objects.filter(
    (o) => isCustomResource(o.ref) || o.ref.kind === "CustomResourceDefinition",
  );
  const volumeNamespaces = [
    ...new Set(
      objects
        .filter((o) => o.ref.kind === "PersistentVolumeClaim" || o.ref.kind === "StatefulSet")
        .flatMap((o) => (o.ref.namespace === null ? [] : [o.ref.namespace])),
    ),
  ];
  const unseen: string[] = [];
  const [allCrds, pvcs] = await Promise.all([
    custom.length > 0 ? orUnseen(readCrds(kube), "CustomResourceDefinitions", unseen) : [],
    orUnseen(
      Promise.all(volumeNamespaces.map((ns) => readPvcs(kube, ns))).then((lists) => lists.flat()),
      "PersistentVolumeClaims",
      unseen,
    ),
  ]);
  // Only the CRDs this release uses or templates: their custom resources are listed cluster-wide.
  const clusterCrds = allCrds.filter(
    (crd) =>
      custom.some((o) => o.ref.kind === crd.kind && apiGroup(o.ref.apiVersion) === crd.group) ||
      objects.some((o) => o.ref.kind === "CustomResourceDefinition" && o.ref.name === crd.name),
  );
  const lists = await Promise.all(
    clusterCrds.map(
      async (crd) =>
        [
          crd.name,
          await orUnseen(readCustomResources(kube, crd), `${crd.kind} objects`, unseen),
        ] as const,
    ),
  );
  return {
    summary,
    status,
    keepHistory: request.keepHistory,
    clusterCrds,
    customResources: Object.fromEntries(lists),
    pvcs,
    unseen,
    dryRun: await dryRun,
    helmMajor: helm.major,
    execution: request.execution,
    now: request.now,
  };
}
