// The watcher's reading of `helm list`: failed at once, pending only past the threshold, and
// helm's own time format understood.
import { describe, expect, it } from "vitest";
import type { ReleaseSummary } from "../../../src/model/release.ts";
import { classifyReleaseHealth } from "../../../src/watch/classify-release-health.ts";
import { parseHelmTime } from "../../../src/watch/parse-helm-time.ts";

const now = new Date("2026-12-01T09:00:00.000Z");
const TEN_MIN = 10 * 60_000;

function release(status: ReleaseSummary["status"], updated: string): ReleaseSummary {
  return {
    name: "web",
    namespace: "shop",
    revision: 4,
    updated,
    status,
    chart: "webapp-1.2.0",
    app_version: "1.2.0",
  };
}

describe("parseHelmTime", () => {
  it("reads Go's time format as helm list prints it", () => {
    expect(parseHelmTime("2026-12-01 08:47:39.551823037 +0000 UTC")?.toISOString()).toBe(
      "2026-12-01T08:47:39.551Z",
    );
    expect(parseHelmTime("2026-12-01 10:47:39 +0200 CEST")?.toISOString()).toBe(
      "2026-12-01T08:47:39.000Z",
    );
  });

  it("reads RFC 3339 and refuses the rest", () => {
    expect(parseHelmTime("2026-12-01T08:47:39Z")?.toISOString()).toBe("2026-12-01T08:47:39.000Z");
    expect(parseHelmTime("yesterday")).toBeNull();
  });
});

describe("classifyReleaseHealth", () => {
  it("calls deployed healthy and failed broken at once", () => {
    expect(
      classifyReleaseHealth(
        release("deployed", "2026-12-01 08:59:00 +0000 UTC"),
        now,
        TEN_MIN,
        null,
      ),
    ).toEqual({
      kind: "healthy",
    });
    expect(
      classifyReleaseHealth(release("failed", "2026-12-01 08:59:00 +0000 UTC"), now, TEN_MIN, null),
    ).toEqual({
      kind: "broken",
      since: new Date("2026-12-01T08:59:00Z"),
    });
  });

  it("lets a pending release settle until the threshold", () => {
    const recent = release("pending-upgrade", "2026-12-01 08:55:00 +0000 UTC");
    expect(classifyReleaseHealth(recent, now, TEN_MIN, null).kind).toBe("settling");
    const stuck = release("pending-upgrade", "2026-12-01 08:45:00 +0000 UTC");
    expect(classifyReleaseHealth(stuck, now, TEN_MIN, null).kind).toBe("broken");
    expect(
      classifyReleaseHealth(
        release("uninstalling", "2026-12-01 08:45:00 +0000 UTC"),
        now,
        TEN_MIN,
        null,
      ).kind,
    ).toBe("broken");
  });

  it("counts from when it was first seen when helm's time cannot be read", () => {
    const odd = release("pending-install", "sometime");
    expect(classifyReleaseHealth(odd, now, TEN_MIN, null).kind).toBe("settling");
    expect(classifyReleaseHealth(odd, now, TEN_MIN, new Date("2026-12-01T08:40:00Z")).kind).toBe(
      "broken",
    );
  });

  it("ignores statuses that are nobody's episode", () => {
    expect(classifyReleaseHealth(release("uninstalled", ""), now, TEN_MIN, null).kind).toBe(
      "ignored",
    );
    expect(classifyReleaseHealth(release("unknown", ""), now, TEN_MIN, null).kind).toBe("ignored");
  });
});
