import { describe, expect, it } from "vitest";
import {
  findImmutableChanges,
  refuseImmutableChange,
} from "../../../src/plan/explain-immutable-fields.ts";

// What the API server answered on the test cluster (kubectl apply --server-side --dry-run=server).
const ANSWER = [
  `Error from server (Invalid): Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"web"}}: field is immutable`,
  `Error from server (Invalid): StatefulSet.apps "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`,
  `Error from server (Invalid): Job.batch "seed" is invalid: spec.template: Invalid value: {"labels":{}}: field is immutable`,
  `Error from server (Invalid): Service "api" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.0.0.9"}: may not change once set`,
].join("\n");

describe("findImmutableChanges", () => {
  it("names each object, the field and the remedy people use", () => {
    const changes = findImmutableChanges(ANSWER, "shop");
    expect(changes.map((c) => [c.kind, c.name, c.field])).toEqual([
      ["Deployment", "web", "spec.selector"],
      [
        "StatefulSet",
        "db",
        "spec (volumeClaimTemplates, selector, serviceName or podManagementPolicy)",
      ],
      ["Job", "seed", "spec.template"],
      ["Service", "api", "spec.clusterIPs[0]"],
    ]);
    expect(changes[0]?.remedy).toContain("kubectl delete deployment web -n shop --cascade=orphan");
    expect(changes[1]?.remedy).toContain("kubectl delete statefulset db -n shop --cascade=orphan");
    expect(changes[2]?.remedy).toContain("kubectl delete job seed -n shop");
    expect(changes[3]?.remedy).toContain("new IP");
  });

  it("ignores rejections that are not about immutable fields", () => {
    const wrongType = `Error from server (BadRequest): Deployment.apps "web" is invalid: .spec.replicas: expected numeric`;
    expect(findImmutableChanges(wrongType, "shop")).toEqual([]);
    const refusal = refuseImmutableChange(
      { code: "kube_rejected", message: "x", stderrHead: wrongType },
      "upgrade",
      { name: "web", namespace: "shop" },
      "The upgrade",
    );
    expect(refusal).toBeNull();
  });

  it("refuses with the remedy as suggestions", () => {
    const refusal = refuseImmutableChange(
      { code: "kube_rejected", message: "x", stderrHead: ANSWER },
      "upgrade",
      { name: "web", namespace: "shop" },
      "The upgrade to web 2.0.0",
    );
    expect(refusal?.code).toBe("immutable_field");
    expect(refusal?.reason).toMatch(
      /^The upgrade to web 2\.0\.0 changes fields .*Deployment web \(spec\.selector\)/,
    );
    expect(refusal?.suggestions).toHaveLength(4);
  });
});
