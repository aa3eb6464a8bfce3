import { describe, expect, it } from "vitest";
import type { ManifestDiff } from "../../../src/plan/diff-manifests.ts";
import { nearestKeys, refuseUnreadKeys } from "../../../src/plan/refuse-unread-keys.ts";

const NO_CHANGE: ManifestDiff = {
  added: [],
  removed: [],
  changed: [],
  unchanged: 3,
  imageChanges: [],
};
const chartValues = { replicaCount: 2, image: { repository: "r/web", tag: "1" }, logLevel: "info" };
const release = { name: "web", namespace: "shop" };

describe("refuseUnreadKeys", () => {
  it("refuses a key the chart does not have when no object changes, with did-you-mean", () => {
    const refusal = refuseUnreadKeys({
      release,
      chart: "webapp 1.2.0",
      keys: ["replicaCont"],
      chartValues,
      manifestDiff: NO_CHANGE,
    });
    expect(refusal).toMatchObject({
      code: "nothing_to_change",
      reason: "webapp 1.2.0 has no value replicaCont: helm would store it and change no object.",
      suggestions: ["set replicaCount=<value> on web"],
    });
  });

  it("lets a plan through when an object changes or the key is the chart's", () => {
    const changed = {
      ...NO_CHANGE,
      changed: [
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          namespace: "shop",
          name: "a",
          paths: ["data.x"],
          morePaths: 0,
        },
      ],
    };
    const base = { release, chart: "webapp 1.2.0", chartValues };
    expect(refuseUnreadKeys({ ...base, keys: ["replicaCont"], manifestDiff: changed })).toBeNull();
    expect(refuseUnreadKeys({ ...base, keys: ["image.tag"], manifestDiff: NO_CHANGE })).toBeNull();
  });

  it("finds near keys by whole path or by last segment", () => {
    expect(nearestKeys("img.tag", ["image.tag", "image.repository", "logLevel"])).toEqual([
      "image.tag",
    ]);
    expect(nearestKeys("loglevel", ["logLevel", "replicaCount"])).toEqual(["logLevel"]);
  });
});
