import { describe, expect, it } from "vitest";
import { describeIndexAge } from "../../../src/plan/describe-index-age.ts";

const index = { repository: "fixtures", fetchedAt: "2026-12-01T09:00:00Z", refreshed: null };

describe("describeIndexAge", () => {
  it("says how old the index was, in the unit that reads best", () => {
    expect(describeIndexAge({ ...index, ageSeconds: 42 })).toBe(
      "index of fixtures fetched 42 s ago",
    );
    expect(describeIndexAge({ ...index, ageSeconds: 600 })).toBe(
      "index of fixtures fetched 10 min ago",
    );
    expect(describeIndexAge({ ...index, ageSeconds: 7200 })).toBe(
      "index of fixtures fetched 2 h ago",
    );
    expect(describeIndexAge({ ...index, ageSeconds: 9 * 86400 })).toBe(
      "index of fixtures fetched 9 days ago",
    );
  });

  it("says why the plan refreshed it, and when it was never fetched", () => {
    expect(describeIndexAge({ ...index, ageSeconds: 1, refreshed: "not-found" })).toMatch(
      /fetched 1 s ago \(refreshed for this plan: the chart or version was not in it\)$/,
    );
    expect(describeIndexAge({ ...index, fetchedAt: null, ageSeconds: null })).toBe(
      "index of fixtures: never fetched (helm repo update)",
    );
  });
});
