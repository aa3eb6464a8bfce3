// The pull that reads a chart's values.schema.json: one argv on helm 3 and 4, and nothing a
// person typed (chart, version) or a bad path becomes a flag.
import { describe, expect, it } from "vitest";
import { buildHelmArgv } from "../../../src/model/build-helm-argv.ts";
import type { HelmOperation } from "../../../src/model/helm-operation.ts";
import { validateHelmOperation } from "../../../src/model/validate-helm-operation.ts";

const pull = (extra: Partial<Extract<HelmOperation, { kind: "pull-chart" }>>): HelmOperation => ({
  kind: "pull-chart",
  chart: "fixtures/described",
  untarDir: "/tmp/wheelhouse-chart-abc123",
  ...extra,
});

describe("pull-chart", () => {
  it("unpacks the chart version into the given directory, on helm 3 and 4 alike", () => {
    const op = pull({ version: "1.0.0", caFile: "/etc/ca.crt" });
    validateHelmOperation(op);
    const argv = [
      "pull",
      "fixtures/described",
      "--version",
      "1.0.0",
      "--ca-file",
      "/etc/ca.crt",
      "--untar",
      "--untardir",
      "/tmp/wheelhouse-chart-abc123",
    ];
    expect(buildHelmArgv(op, { helmMajor: 4 })).toEqual(argv);
    expect(buildHelmArgv(op, { helmMajor: 3 })).toEqual(argv);
  });

  it.each([
    ["a flag as chart", pull({ chart: "--repo=http://evil" }), "chart"],
    ["a flag as version", pull({ version: "--devel" }), "version"],
    ["a relative untar directory", pull({ untarDir: "charts" }), "untar directory"],
    ["an untar directory climbing out", pull({ untarDir: "/tmp/../etc" }), "untar directory"],
    ["a flag as untar directory", pull({ untarDir: "--destination=/etc" }), "untar directory"],
  ])("refuses %s", (_name, op, field) => {
    expect(() => validateHelmOperation(op)).toThrow(expect.objectContaining({ field }));
  });
});
