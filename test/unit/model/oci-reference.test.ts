import { describe, expect, it } from "vitest";
import { ociChartRef, parseOciReference } from "../../../src/model/oci-reference.ts";

describe("parseOciReference", () => {
  it("splits registry, repository and chart", () => {
    expect(parseOciReference("oci://registry.example:5000/team/charts/webapp")).toEqual({
      registry: "registry.example:5000",
      repository: "team/charts/webapp",
      chartName: "webapp",
    });
  });

  it("refuses what is not a plain chart reference", () => {
    for (const ref of [
      "fixtures/webapp",
      "oci://registry.example",
      "oci://registry.example/charts/webapp:1.0.0",
      "oci://user:pass@registry.example/webapp",
      "oci://registry.example/Charts/webapp",
      "oci://registry.example/../webapp",
    ])
      expect(parseOciReference(ref)).toBeNull();
  });

  it("appends a chart to a prefix the way helm push does", () => {
    expect(ociChartRef("oci://r.example/charts/", "webapp")).toBe("oci://r.example/charts/webapp");
  });
});
