import { describe, expect, it } from "vitest";
import { buildHelmArgv } from "../../../src/model/build-helm-argv.ts";
import { validateHelmOperation } from "../../../src/model/validate-helm-operation.ts";

const release = { name: "web", namespace: "shop" };

describe("OCI charts with a private CA", () => {
  it("passes the registry's CA bundle to helm as --ca-file", () => {
    const op = {
      kind: "upgrade",
      release,
      chart: "oci://r.example/charts/webapp",
      version: "1.1.1+build.5",
      caFile: "/etc/wheelhouse/registry-ca.crt",
      valuesStrategy: "reuse",
    } as const;
    validateHelmOperation(op);
    expect(buildHelmArgv(op, { helmMajor: 4 })).toEqual([
      "upgrade",
      "web",
      "--namespace",
      "shop",
      "oci://r.example/charts/webapp",
      "--version",
      "1.1.1+build.5",
      "--ca-file",
      "/etc/wheelhouse/registry-ca.crt",
      "--reuse-values",
      "--output",
      "json",
    ]);
    expect(
      buildHelmArgv({ kind: "show-chart", chart: op.chart, caFile: op.caFile }, { helmMajor: 3 }),
    ).toEqual([
      "show",
      "chart",
      "oci://r.example/charts/webapp",
      "--ca-file",
      "/etc/wheelhouse/registry-ca.crt",
    ]);
  });

  it("refuses a CA path that is relative, a flag, or climbs out", () => {
    for (const caFile of ["ca.crt", "--insecure-skip-tls-verify", "/etc/../root/ca.crt", "/a b"])
      expect(() =>
        validateHelmOperation({ kind: "show-chart", chart: "oci://r.example/webapp", caFile }),
      ).toThrow(/Refused CA file/);
  });
});
