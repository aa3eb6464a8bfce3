// Versions as real repositories publish them: a "v" prefix on every version, pre-releases beside
// releases, and a partial version asked for ("5.43" means the newest 5.43.x, as helm reads it).
import { describe, expect, it } from "vitest";
import { chooseTargetVersion } from "../../../src/plan/choose-target-version.ts";

const available = ["v5.44.0", "v5.43.3-rc.1", "v5.43.10", "v5.43.2", "v5.43.1"].map((version) => ({
  version,
  appVersion: version.slice(1),
}));
const choose = (requested: string | null, allowPreRelease = false) =>
  chooseTargetVersion({ available, requested, allowPreRelease });

describe("chooseTargetVersion on v-prefixed versions", () => {
  it("reads a partial version as the newest patch of it, numerically, pre-releases left out", () => {
    expect(choose("5.43")).toMatchObject({ ok: true, version: "v5.43.10" });
    expect(choose("v5.43")).toMatchObject({ ok: true, version: "v5.43.10" });
  });

  it("matches an exact version with or without the v, and keeps the repository's spelling", () => {
    expect(choose("5.43.2")).toMatchObject({ ok: true, version: "v5.43.2" });
    expect(choose("v5.43.2")).toMatchObject({ ok: true, version: "v5.43.2" });
  });

  it("takes a pre-release only when it is named or asked for", () => {
    expect(choose("5.43.3-rc.1")).toMatchObject({ ok: true, version: "v5.43.3-rc.1" });
    expect(choose("latest")).toMatchObject({ version: "v5.44.0" });
    expect(choose("~5.43")).toMatchObject({ version: "v5.43.10" });
  });

  it("answers a partial version nothing matches with the nearest real ones", () => {
    expect(choose("5.42")).toMatchObject({ ok: false, missing: "match" });
  });
});
