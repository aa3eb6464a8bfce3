// Expected texts are what kubectl 1.35 printed on the test cluster for the same failures.
import { describe, expect, it } from "vitest";
import {
  type ApiStatus,
  kubectlApplyStderr,
  unmappedKind,
} from "../../../src/kube/kubectl-apply-stderr.ts";

const portZero: ApiStatus = {
  kind: "Status",
  reason: "Invalid",
  message:
    'Service "s1" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
  details: {
    name: "s1",
    kind: "Service",
    causes: [
      {
        field: "spec.ports[0].port",
        message: "Invalid value: 0: must be between 1 and 65535, inclusive",
      },
      {
        field: "spec.ports[0].targetPort",
        message: "Invalid value: 0: must be between 1 and 65535, inclusive",
      },
    ],
  },
};
const typedPatch: ApiStatus = {
  kind: "Status",
  message:
    "failed to create typed patch object (ns/u; /v1, Kind=ConfigMap): .bogus: field not declared in schema",
};
const gizmo = (name: string) =>
  unmappedKind({ name, namespace: "probe-x", kind: "Gizmo", group: "example.org", version: "v1" });

describe("kubectlApplyStderr", () => {
  it("prints one invalid object with its causes, one per line", () => {
    expect(kubectlApplyStderr([], [], [{ status: portZero }])).toBe(
      [
        'The Service "s1" is invalid: ',
        "* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        "* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
      ].join("\n"),
    );
  });

  it("prints several failures one per line, unknown kinds first and together", () => {
    const said = kubectlApplyStderr(
      ["w", "w"],
      [gizmo("g"), gizmo("h")],
      [
        { status: typedPatch },
        { status: portZero },
        { plain: "from gen-: cannot use generate name with apply" },
      ],
    );
    expect(said.split("\n")).toEqual([
      "Warning: w",
      '[resource mapping not found for name: "g" namespace: "probe-x" from "STDIN": no matches for kind "Gizmo" in version "example.org/v1"',
      'ensure CRDs are installed first, resource mapping not found for name: "h" namespace: "probe-x" from "STDIN": no matches for kind "Gizmo" in version "example.org/v1"',
      "ensure CRDs are installed first]",
      `Error from server: ${typedPatch.message}`,
      `Error from server (Invalid): ${portZero.message}`,
      "from gen-: cannot use generate name with apply",
    ]);
  });

  it("prefixes kubectl's own single error, and the server's with its reason", () => {
    expect(kubectlApplyStderr([], [gizmo("g")], [])).toMatch(/^error: resource mapping not found/);
    expect(kubectlApplyStderr([], [], [{ plain: "resource name may not be empty" }])).toBe(
      "error: resource name may not be empty",
    );
    const forbidden: ApiStatus = {
      kind: "Status",
      reason: "Forbidden",
      message: 'configmaps "a" is forbidden',
    };
    expect(kubectlApplyStderr([], [], [{ status: forbidden }])).toBe(
      'Error from server (Forbidden): configmaps "a" is forbidden',
    );
  });
});
