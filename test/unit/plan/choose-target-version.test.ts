import { describe, expect, it } from "vitest";
import { chooseTargetVersion, nearestVersions } from "../../../src/plan/choose-target-version.ts";

const available = ["2.1.0-rc.1", "2.0.0", "1.2.0", "1.1.0", "1.0.0"].map((version) => ({
  version,
  appVersion: version,
}));

describe("chooseTargetVersion", () => {
  it("takes the newest stable version for latest, skipping pre-releases", () => {
    expect(
      chooseTargetVersion({ available, requested: "latest", allowPreRelease: false }),
    ).toMatchObject({
      ok: true,
      version: "2.0.0",
      reason: "2.0.0 is the newest stable version",
    });
    expect(
      chooseTargetVersion({ available, requested: null, allowPreRelease: false }),
    ).toMatchObject({ version: "2.0.0" });
  });

  it("takes a pre-release for latest only when pre-releases were asked for", () => {
    expect(
      chooseTargetVersion({ available, requested: "latest", allowPreRelease: true }),
    ).toMatchObject({ ok: true, version: "2.1.0-rc.1" });
  });

  it("takes a pre-release that is named exactly", () => {
    expect(
      chooseTargetVersion({ available, requested: "2.1.0-rc.1", allowPreRelease: false }),
    ).toMatchObject({ ok: true, version: "2.1.0-rc.1" });
  });

  it("accepts a leading v on an exact version", () => {
    expect(
      chooseTargetVersion({ available, requested: "v1.1.0", allowPreRelease: false }),
    ).toMatchObject({ ok: true, version: "1.1.0" });
  });

  it("resolves constraints to the newest version they allow", () => {
    expect(
      chooseTargetVersion({ available, requested: "^1.1", allowPreRelease: false }),
    ).toMatchObject({ version: "1.2.0" });
    expect(
      chooseTargetVersion({ available, requested: "~1.1.0", allowPreRelease: false }),
    ).toMatchObject({ version: "1.1.0" });
    expect(
      chooseTargetVersion({ available, requested: "1", allowPreRelease: false }),
    ).toMatchObject({ version: "1.2.0" });
  });

  it("answers an unknown version with the nearest real ones", () => {
    expect(chooseTargetVersion({ available, requested: "1.3.0", allowPreRelease: false })).toEqual({
      ok: false,
      missing: "version",
      nearest: ["1.2.0", "2.0.0"],
    });
    expect(
      chooseTargetVersion({ available, requested: "^3.0", allowPreRelease: false }),
    ).toMatchObject({ ok: false, missing: "match" });
  });

  it("says when there is no stable version at all", () => {
    const onlyPre = [{ version: "0.1.0-alpha.1", appVersion: "" }];
    expect(
      chooseTargetVersion({ available: onlyPre, requested: "latest", allowPreRelease: false }),
    ).toMatchObject({ ok: false, missing: "stable" });
  });
});

describe("nearestVersions", () => {
  it("offers the versions on either side and the newest stable one", () => {
    expect(nearestVersions(available, "1.1.5")).toEqual(["1.1.0", "1.2.0", "2.0.0"]);
    expect(nearestVersions(available, "0.9.0")).toEqual(["1.0.0", "2.0.0"]);
    expect(nearestVersions(available, "not-a-version")).toEqual(["2.0.0"]);
  });
});
