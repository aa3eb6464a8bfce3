import { describe, expect, it } from "vitest";
import {
  findSchemaComplaints,
  refuseSchemaRejection,
} from "../../../src/plan/explain-schema-rejection.ts";

// helm 4.1 and helm 3.17 on the same chart and values (--set replicaCount=two … ).
const HELM4 = `Error: UPGRADE FAILED: values don't meet the specifications of the schema(s) in the following chart(s):
sc:
- at '/replicaCount': got string, want integer
- at '/service/type': value must be one of 'ClusterIP', 'NodePort'
- at '/image': validation failed
  - at '/image': missing property 'tag'
  - at '/image': additional properties 'extra' not allowed
- at '': additional properties 'foo' not allowed`;
const HELM3 = `Error: UPGRADE FAILED: values don't meet the specifications of the schema(s) in the following chart(s):
sc:
- (root): Additional property foo is not allowed
- replicaCount: Invalid type. Expected: integer, given: string
- service.type: service.type must be one of the following: "ClusterIP", "NodePort"
- image: tag is required
- image: Additional property extra is not allowed`;

describe("findSchemaComplaints", () => {
  it.each([
    ["helm 4", HELM4],
    ["helm 3", HELM3],
  ])("names every key and its fix (%s)", (_label, stderr) => {
    const complaints = findSchemaComplaints(stderr);
    const byKey = Object.fromEntries(complaints.map((c) => [c.key, c.fix]));
    expect(byKey.replicaCount).toBe("set replicaCount to an integer (it is a string now)");
    expect(byKey["service.type"]).toMatch(/^set service\.type to one of .*ClusterIP.*NodePort/);
    expect(byKey["image.tag"]).toBe("give image.tag a value: the chart requires it");
    expect(byKey["image.extra"]).toBe(
      "remove image.extra: this chart version has no such value (--set image.extra=null)",
    );
    expect(byKey.foo).toMatch(/^remove foo:/);
    expect(complaints.every((c) => c.chart === "sc")).toBe(true);
  });

  it("keeps a message it cannot read as the fix's words", () => {
    const [c] = findSchemaComplaints(
      "values don't meet the specifications of the schema(s)\nsc:\n- at '/replicaCount': minimum: got 0, want 1",
    );
    expect(c).toMatchObject({
      key: "replicaCount",
      fix: "change replicaCount: minimum: got 0, want 1",
    });
  });

  it("refuses naming the keys, and leaves other failures alone", () => {
    const refusal = refuseSchemaRejection(
      { code: "helm_dry_run_failed", message: "x", stderrHead: HELM3 },
      "set-values",
      { name: "web", namespace: "shop" },
      null,
    );
    expect(refusal?.code).toBe("values_rejected_by_schema");
    expect(refusal?.reason).toContain("schema of sc (values.schema.json): foo, replicaCount");
    const other = refuseSchemaRejection(
      { code: "helm_dry_run_failed", message: "x", stderrHead: "Error: parse error" },
      "upgrade",
      { name: "web", namespace: "shop" },
      null,
    );
    expect(other).toBeNull();
  });
});
