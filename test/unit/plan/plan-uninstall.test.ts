import { describe, expect, it } from "vitest";
import {
  planUninstall,
  type UninstallInputs,
  uninstallOperation,
} from "../../../src/plan/plan-uninstall.ts";
import { deployment, EXECUTION, manifest, NOW, passed, status, summary } from "./plan-fixtures.ts";

const release = { name: "data", namespace: "shop" };
const widget = `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: data-default\nspec:\n  size: 3`;
const statefulSet = `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
          image: r/db:1
  volumeClaimTemplates:
    - metadata:
        name: data`;
const standalonePvc = `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: uploads\nspec:\n  accessModes: [ReadWriteOnce]`;
const keptConfig = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep-me\n  annotations:\n    helm.sh/resource-policy: keep`;
const widgetCrd = {
  name: "widgets.example.com",
  group: "example.com",
  kind: "Widget",
  scope: "Namespaced" as const,
  helmRelease: null,
};

function inputs(docs: string[], overrides: Partial<UninstallInputs> = {}): UninstallInputs {
  return {
    summary: summary({ name: "data", chart: "datastore-0.1.0" }),
    status: status({ manifest: manifest(...docs) }),
    keepHistory: false,
    clusterCrds: [],
    customResources: {},
    pvcs: [],
    dryRun: passed(uninstallOperation(release, overrides.keepHistory ?? false, EXECUTION)),
    helmMajor: 4,
    execution: EXECUTION,
    now: NOW,
    ...overrides,
  };
}

describe("planUninstall", () => {
  it("lists every object helm deletes and offers --keep-history", () => {
    const plan = planUninstall(inputs([deployment("api", "r/api:1"), keptConfig]));
    if (plan.kind !== "plan") throw new Error(plan.reason);
    expect(plan.command.display).toBe("helm uninstall data --namespace shop --wait --timeout 300s");
    expect(plan.uninstall.deletes).toEqual([
      { apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "api" },
    ]);
    expect(plan.uninstall.keeps).toEqual([
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        namespace: "shop",
        name: "keep-me",
        reason: "annotated helm.sh/resource-policy: keep",
      },
    ]);
    expect(plan.uninstall.alternative).toEqual({
      keepHistory: true,
      display: "helm uninstall data --namespace shop --keep-history --wait --timeout 300s",
      why: "--keep-history keeps the release's record, so 'helm rollback' can bring it back",
    });
    expect(plan.risk.level).toBe("high");
  });

  it("names the CRD helm leaves behind and the custom resources that depend on it", () => {
    const plan = planUninstall(
      inputs([widget], {
        clusterCrds: [widgetCrd],
        customResources: {
          "widgets.example.com": [
            { namespace: "shop", name: "data-default" },
            { namespace: "other", name: "theirs" },
          ],
        },
      }),
    );
    if (plan.kind !== "plan") throw new Error(plan.reason);
    expect(plan.uninstall.crds).toEqual([
      {
        name: "widgets.example.com",
        group: "example.com",
        kind: "Widget",
        fate: "left-behind",
        reason:
          "it is not in the release's manifest (a chart's crds/ directory is installed once and never deleted by helm)",
        customResources: [
          { namespace: "shop", name: "data-default", inRelease: true },
          { namespace: "other", name: "theirs", inRelease: false },
        ],
      },
    ]);
  });

  it("ignores a CRD another release owns", () => {
    const owned = { ...widgetCrd, helmRelease: { name: "widget-operator", namespace: "ops" } };
    const plan = planUninstall(inputs([widget], { clusterCrds: [owned], customResources: {} }));
    expect(plan.kind === "plan" && plan.uninstall.crds).toEqual([]);
  });

  it("rates deleting a templated CRD high: every custom resource of it goes too", () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names:\n    kind: Widget\n    plural: widgets`;
    const plan = planUninstall(
      inputs([crd], {
        customResources: { "widgets.example.com": [{ namespace: "x", name: "w" }] },
      }),
    );
    if (plan.kind !== "plan") throw new Error(plan.reason);
    expect(plan.uninstall.crds[0]).toMatchObject({
      fate: "deleted",
      customResources: [{ name: "w", inRelease: false }],
    });
    expect(plan.risk.reasons.map((r) => r.text)).toContain(
      "deletes CRD widgets.example.com and with it every Widget in the cluster (1 now)",
    );
  });

  it("says which claims are deleted (in the manifest) and which stay (from volumeClaimTemplates)", () => {
    const plan = planUninstall(
      inputs([statefulSet, standalonePvc], {
        pvcs: [
          { namespace: "shop", name: "data-db-0", phase: "Bound", capacity: "1Gi" },
          { namespace: "shop", name: "data-db-1", phase: "Pending", capacity: null },
          { namespace: "shop", name: "uploads", phase: "Bound", capacity: "5Gi" },
          { namespace: "shop", name: "data-dbx-0", phase: "Bound", capacity: "1Gi" },
        ],
      }),
    );
    if (plan.kind !== "plan") throw new Error(plan.reason);
    expect(plan.uninstall.volumes.map((v) => [v.name, v.fate, v.source])).toEqual([
      ["uploads", "deleted", "manifest"],
      ["data-db-0", "kept", "statefulset"],
      ["data-db-1", "kept", "statefulset"],
    ]);
    expect(plan.uninstall.volumes[1]?.reason).toBe(
      "made by StatefulSet db from its volumeClaimTemplate data; helm does not delete it",
    );
    const texts = plan.risk.reasons.map((r) => r.text);
    expect(texts).toContain(
      "deletes PersistentVolumeClaim shop/uploads: its data is lost unless the volume is retained",
    );
    expect(texts.some((t) => t.startsWith("PersistentVolumeClaim shop/data-db-0 stays"))).toBe(
      true,
    );
  });

  it("says what the cluster would not show instead of pretending nothing is left behind", () => {
    const plan = planUninstall(inputs([widget], { unseen: ["CustomResourceDefinitions"] }));
    if (plan.kind !== "plan") throw new Error(plan.reason);
    expect(plan.warnings).toContain(
      "Wheelhouse may not read CustomResourceDefinitions in this cluster, so what this uninstall leaves behind there is not listed.",
    );
    expect(plan.risk.reasons.map((r) => r.text)).toContain(
      "CustomResourceDefinitions could not be read, so their fate is unknown",
    );
  });

  it("knows claims of a StatefulSet that deletes them on its own", () => {
    const deleting = statefulSet.replace(
      "spec:\n  template",
      "spec:\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n  template",
    );
    const plan = planUninstall(
      inputs([deleting], {
        pvcs: [{ namespace: "shop", name: "data-db-0", phase: "Bound", capacity: "1Gi" }],
      }),
    );
    expect(plan.kind === "plan" && plan.uninstall.volumes[0]).toMatchObject({
      fate: "deleted",
      source: "statefulset",
    });
  });
});
