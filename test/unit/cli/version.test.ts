import { describe, expect, it } from "vitest";
import { versionLine } from "../../../src/cli/version.ts";

describe("wheelhouse --version", () => {
  it("names the product version and the Node 24 runtime it runs on", () => {
    expect(versionLine()).toMatch(/^wheelhouse \d+\.\d+\.\d+ \(node v24\.\d+\.\d+\)$/);
  });
});
