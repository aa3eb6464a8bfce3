import { describe, expect, it } from "vitest";
import { versionsFromOciTags } from "../../../src/plan/versions-from-oci-tags.ts";

describe("versionsFromOciTags (helm's registry.Client.Tags)", () => {
  it("reads '_' as '+', keeps strict SemVer only and sorts newest first", () => {
    const tags = [
      "1.0.0",
      "latest",
      "v1.3.0",
      "1.2",
      "1.1.1_build.5",
      "2.0.0-rc.1",
      "2.0.0",
      "sha256-abc.sig",
    ];
    expect(versionsFromOciTags(tags).map((v) => v.version)).toEqual([
      "2.0.0",
      "2.0.0-rc.1",
      "1.1.1+build.5",
      "1.0.0",
    ]);
  });

  it("knows no appVersion (tags carry none) and lists a version once", () => {
    expect(versionsFromOciTags(["1.0.0", "1.0.0"])).toEqual([{ version: "1.0.0", appVersion: "" }]);
    expect(versionsFromOciTags([])).toEqual([]);
  });
});
