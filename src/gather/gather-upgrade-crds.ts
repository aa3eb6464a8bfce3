// The cluster's side of an upgrade's CRD changes: which crds/ CRDs of the target it lacks, and
// the custom resources of each templated CRD the upgrade would delete. No kubectl at all for a
// chart without CRDs.
import type { KubeReader } from "../kube/kubectl-client.ts";
import {
  chartCrdsFrom,
  crdsDroppedBy,
  type UpgradeCrdFacts,
} from "../plan/find-upgrade-crd-changes.ts";
import { parseManifest } from "../plan/parse-manifest.ts";
import type { DryRunOutcome } from "../plan/plan-inputs.ts";
import { codedErrorInfo } from "../plan/refuse.ts";

export async function gatherUpgradeCrds(
  kube: KubeReader,
  input: { currentManifest: string; dryRun: DryRunOutcome; namespace: string },
): Promise<UpgradeCrdFacts | null> {
  const { dryRun, namespace } = input;
  if (!dryRun.ok) return null;
  const chartCrds = chartCrdsFrom(dryRun.targetChart?.crdFiles ?? []);
  const dropped = crdsDroppedBy(
    parseManifest(input.currentManifest, namespace).objects,
    parseManifest(dryRun.manifest ?? "", namespace).objects,
  );
  if (chartCrds.length === 0 && dropped.length === 0) return null;
  const [present, resources] = await Promise.all([
    Promise.all(
      chartCrds.map((crd) =>
        kube.getOne({ resource: "customresourcedefinitions", name: crd.name }),
      ),
    ),
    Promise.all(
      dropped.map((crd) =>
        kube
          .get({ resource: `${crd.plural}.${crd.group}`, allNamespaces: crd.scope !== "Cluster" })
          .catch((error: unknown) => {
            // Already gone from the cluster: nothing of its kind is left to delete.
            if (codedErrorInfo(error).code === "kube_resource_type_unknown") return [];
            throw error;
          }),
      ),
    ),
  ]);
  return {
    missing: chartCrds.filter((_, i) => present[i] === null),
    dropped: dropped.map((crd, i) => ({
      crd,
      customResources: (resources[i] ?? []).map((o) => ({
        namespace: o.metadata.namespace ?? null,
        name: o.metadata.name,
      })),
    })),
  };
}
