import { describe, expect, it } from "vitest";
import {
  chartCrdsFrom,
  crdsDroppedBy,
  describeUpgradeCrds,
} from "../../../src/plan/find-upgrade-crd-changes.ts";
import { parseManifest } from "../../../src/plan/parse-manifest.ts";

const crd = (plural: string, kind: string, keep = false) =>
  `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${plural}.example.com\n${keep ? '  annotations:\n    "helm.sh/resource-policy": keep\n' : ""}spec:\n  group: example.com\n  scope: Namespaced\n  names:\n    kind: ${kind}\n    plural: ${plural}\n`;

describe("upgrade CRD changes", () => {
  it("reads the CRDs of a chart's crds/ files only", () => {
    const crds = chartCrdsFrom([
      { name: "crds/all.yaml", text: `${crd("gizmos", "Gizmo")}---\n${crd("widgets", "Widget")}` },
      { name: "README.md", text: crd("nopes", "Nope") },
    ]);
    expect(crds.map((c) => c.name)).toEqual(["gizmos.example.com", "widgets.example.com"]);
  });

  it("finds templated CRDs the target drops, unless kept", () => {
    const before = parseManifest(`${crd("gizmos", "Gizmo")}---\n${crd("kept", "Kept", true)}`, "a");
    const dropped = crdsDroppedBy(before.objects, []);
    expect(dropped.map((c) => c.kind)).toEqual(["Gizmo"]);
  });

  it("warns with the install command and counts what a deleted CRD takes along", () => {
    const [gizmo] = chartCrdsFrom([{ name: "crds/g.yaml", text: crd("gizmos", "Gizmo") }]);
    if (!gizmo) throw new Error("no crd");
    const { warnings, crds } = describeUpgradeCrds(
      {
        missing: [gizmo],
        dropped: [{ crd: gizmo, customResources: [{ namespace: "a", name: "x" }] }],
      },
      { chartRef: "repo/op", version: "2.0.0" },
    );
    expect(warnings[0]).toMatch(
      /^CRD gizmos\.example\.com is new in the crds\/ directory of 2\.0\.0.*helm show crds repo\/op --version 2\.0\.0 \| kubectl apply --server-side -f -$/,
    );
    expect(crds[0]).toMatchObject({
      fate: "deleted",
      customResources: [{ name: "x", inRelease: false }],
    });
  });
});
