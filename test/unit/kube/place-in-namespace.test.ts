import { describe, expect, it } from "vitest";
import { placeInNamespace } from "../../../src/kube/place-in-namespace.ts";

describe("placeInNamespace", () => {
  it("gives objects without a namespace the release's, and keeps every other namespace", () => {
    const manifest = `---\n# Source: c/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  mode: 0755\n  big: 12345678901234567890\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: le\n  namespace: kube-system\n`;
    const placed = placeInNamespace(manifest, "team-a");
    expect(placed).toContain("metadata:\n  namespace: team-a\n  name: a\n");
    expect(placed).toContain("  name: le\n  namespace: kube-system\n");
    expect(placed).not.toContain("namespace: team-a\n  name: le");
    // Values are untouched: the text is edited, not re-serialized.
    expect(placed).toContain("mode: 0755\n  big: 12345678901234567890\n");
  });

  it("handles flow metadata and List items", () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n`;
    expect(placeInNamespace(list, "ns2")).toContain("metadata: {namespace: ns2, name: x}");
  });

  it("refuses a namespace that is not one", () => {
    expect(() => placeInNamespace("", "--all")).toThrow();
  });
});
