import { describe, expect, it } from "vitest";
import { HelmInvalidInputError } from "../../../src/model/helm-errors.ts";
import type { HelmOperation } from "../../../src/model/helm-operation.ts";
import { validateHelmOperation } from "../../../src/model/validate-helm-operation.ts";

const ok = { name: "webapp", namespace: "staging" };

function refusal(op: HelmOperation): HelmInvalidInputError {
  try {
    validateHelmOperation(op);
  } catch (error) {
    if (error instanceof HelmInvalidInputError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(op)} to be refused`);
}

describe("validateHelmOperation", () => {
  it("accepts ordinary operations", () => {
    expect(() => validateHelmOperation({ kind: "status", release: ok })).not.toThrow();
    expect(() =>
      validateHelmOperation({
        kind: "upgrade",
        release: { name: "kube-prometheus-stack.v2", namespace: "monitoring" },
        chart: "oci://registry.example.com/charts/webapp",
        version: "v1.2.3-rc.1",
        valuesStrategy: "reuse",
        set: {
          "image.tag": "1.2.3",
          "env[0].name": "A",
          replicaCount: 3,
          "ingress.enabled": false,
        },
      }),
    ).not.toThrow();
  });

  it.each([
    [
      "a flag as release name",
      { kind: "status", release: { name: "--post-renderer", namespace: "x" } },
      "release name",
    ],
    [
      "an uppercase release",
      { kind: "status", release: { name: "WebApp", namespace: "x" } },
      "release name",
    ],
    [
      "a 54-character release",
      { kind: "status", release: { name: "a".repeat(54), namespace: "x" } },
      "release name",
    ],
    [
      "a namespace with a dot",
      { kind: "status", release: { name: "a", namespace: "kube.system" } },
      "namespace",
    ],
    ["shell in a namespace", { kind: "list", namespace: "x;rm -rf /" }, "namespace"],
    ["a flag as chart", { kind: "show-chart", chart: "--kubeconfig=/etc/x" }, "chart"],
    ["command substitution in a chart", { kind: "show-chart", chart: "$(curl evil)" }, "chart"],
    [
      "a flag as version",
      { kind: "show-chart", chart: "repo/webapp", version: "--devel" },
      "version",
    ],
    [
      "a version that is not semver",
      { kind: "show-chart", chart: "repo/webapp", version: "latest; ls" },
      "version",
    ],
    [
      "a set key with '='",
      { kind: "upgrade", release: ok, chart: "r/c", valuesStrategy: "reuse", set: { "a=b": 1 } },
      "value key",
    ],
    [
      "a set key with a comma",
      { kind: "upgrade", release: ok, chart: "r/c", valuesStrategy: "reuse", set: { "a,b": 1 } },
      "value key",
    ],
    [
      "a set value with a newline",
      { kind: "upgrade", release: ok, chart: "r/c", valuesStrategy: "reuse", set: { a: "x\n--y" } },
      "value of a",
    ],
    [
      "a set value that is a flag",
      {
        kind: "upgrade",
        release: ok,
        chart: "r/c",
        valuesStrategy: "reuse",
        set: { a: "--post-renderer=/bin/sh" },
      },
      "value of a",
    ],
    ["a negative revision", { kind: "rollback", release: ok, revision: -1 }, "revision"],
    ["a fractional revision", { kind: "get-manifest", release: ok, revision: 1.5 }, "revision"],
    ["a timeout of a day", { kind: "uninstall", release: ok, timeoutSeconds: 86_400 }, "timeout"],
    [
      "a repository URL with a shell",
      { kind: "repo-add", name: "r", url: "http://x/`id`" },
      "repository URL",
    ],
  ] satisfies [string, HelmOperation, string][])("refuses %s", (_label, op, field) => {
    const error = refusal(op);
    expect(error.code).toBe("helm_invalid_input");
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/^Refused /);
  });
});
