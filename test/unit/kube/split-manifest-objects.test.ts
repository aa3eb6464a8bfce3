import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { splitManifestObjects } from "../../../src/kube/split-manifest-objects.ts";

describe("splitManifestObjects", () => {
  it("splits documents, flattens a List and skips empty documents, in order", () => {
    const manifest = [
      "# Source: chart/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: shop\n",
      "# only a comment\n",
      "~\n",
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRole\n  metadata:\n    name: r\n  rules: []\n- {apiVersion: apps/v1, kind: Deployment, metadata: {name: d, namespace: shop}}\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\n",
    ].join("---\n");
    const objects = splitManifestObjects(manifest, "dflt");
    expect(objects?.map((o) => [o.group, o.version, o.kind, o.name, o.namespace])).toEqual([
      ["", "v1", "ConfigMap", "a", "shop"],
      ["rbac.authorization.k8s.io", "v1", "ClusterRole", "r", "dflt"],
      ["apps", "v1", "Deployment", "d", "shop"],
      ["", "v1", "ConfigMap", "", "dflt"],
    ]);
    expect(objects?.[3]?.generateName).toBe("gen-");
    // Written where placeInNamespace writes it, in the object's own text.
    expect(parse(objects?.[1]?.text ?? "")).toMatchObject({
      metadata: { name: "r", namespace: "dflt" },
    });
  });

  it("gives each object its own text, which reads back as that object", () => {
    const manifest =
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    mode: 0755\n    big: 12345678901234567890\n";
    const [object] = splitManifestObjects(manifest, "dflt") ?? [];
    expect(object?.text).toContain("mode: 0755");
    expect(parse(object?.text ?? "")).toMatchObject({
      kind: "ConfigMap",
      metadata: { name: "a", namespace: "dflt" },
    });
  });

  it.each([
    ["a YAML error", "apiVersion: v1\nkind: [\n"],
    ["an alias", "apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: a}\ndata: *m\n"],
    ["a duplicate key", "apiVersion: v1\nkind: ConfigMap\nkind: Secret\n"],
    ["no kind", "apiVersion: v1\nmetadata:\n  name: a\n"],
    ["a scalar document", "just text\n"],
    ["a path in the name", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ../a\n"],
    ["a name YAML 1.1 reads as a bool", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: on\n"],
    [
      "a number among the labels",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {n: 1}\n",
    ],
    ["an odd apiVersion", "apiVersion: a/b/c\nkind: ConfigMap\nmetadata:\n  name: a\n"],
    ["a lowercase kind", "apiVersion: v1\nkind: configMap\nmetadata:\n  name: a\n"],
    [
      "a List in a List",
      "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: List, items: []}\n",
    ],
    ["text after a separator", "--- apiVersion: v1\n"],
    [
      "an empty namespace",
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ""\n',
    ],
  ])("leaves %s to kubectl", (_, manifest) => {
    expect(splitManifestObjects(manifest, "dflt")).toBeNull();
  });
});
