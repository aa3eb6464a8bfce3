import { describe, expect, it } from "vitest";
import {
  classifyVersionChange,
  compareVersions,
  isPreRelease,
  parseSemVer,
} from "../../../src/plan/compare-versions.ts";

describe("compareVersions", () => {
  it("orders versions by SemVer 2 precedence, numerically and not as text", () => {
    const sorted = [
      "1.10.0",
      "1.2.0",
      "2.0.0-rc.1",
      "2.0.0",
      "1.2.0-alpha",
      "v1.9.9",
      "2.0.0-rc.10",
      "2.0.0-rc.2",
    ].sort(compareVersions);
    expect(sorted).toEqual([
      "1.2.0-alpha",
      "1.2.0",
      "v1.9.9",
      "1.10.0",
      "2.0.0-rc.1",
      "2.0.0-rc.2",
      "2.0.0-rc.10",
      "2.0.0",
    ]);
  });

  it("ignores build metadata and sorts unparseable versions first instead of throwing", () => {
    expect(compareVersions("1.0.0+build.1", "1.0.0+build.2")).toBe(0);
    expect(["1.0.0", "banana"].sort(compareVersions)).toEqual(["banana", "1.0.0"]);
  });

  it("recognises pre-releases", () => {
    expect(isPreRelease("2.1.0-rc.1")).toBe(true);
    expect(isPreRelease("2.1.0")).toBe(false);
    expect(parseSemVer("01.2.3")).toBeNull();
  });
});

describe("classifyVersionChange", () => {
  it.each([
    ["1.1.0", "2.0.0", "major"],
    ["1.1.0", "1.2.0", "minor"],
    ["1.1.0", "1.1.1", "patch"],
    ["2.1.0-rc.1", "2.1.0", "pre-release"],
    ["1.2.0", "1.1.0", "downgrade"],
    ["1.2.0", "1.2.0", "same"],
    ["latest", "1.2.0", "unknown"],
  ])("%s → %s is a %s change", (from, to, change) => {
    expect(classifyVersionChange(from, to)).toBe(change);
  });
});
