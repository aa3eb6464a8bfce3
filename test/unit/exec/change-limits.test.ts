// How long a change may take, from the plan's --timeout: helm's process deadline outlasts every
// wait helm may make (never shorter than its own timeout), the policy overrides the configured
// default, and a busy release is retried soon, then less often, until the wait is over.
import { describe, expect, it } from "vitest";
import { busyOutcome, ReleaseBusyError } from "../../../src/exec/release-busy-error.ts";
import {
  changeLimits,
  helmDeadlineSeconds,
  longestJobSeconds,
} from "../../../src/model/change-limits.ts";
import { parsePolicy } from "../../../src/policy/parse-policy.ts";
import { resolveExecution } from "../../../src/policy/resolve-execution.ts";
import { ReleaseLockedError } from "../../../src/store/release-lock.ts";

describe("changeLimits", () => {
  it("gives helm every wait its --timeout allows, plus a margin", () => {
    expect(changeLimits({ timeoutSeconds: 300 })).toEqual({
      timeoutSeconds: 300,
      wait: false,
      deadlineSeconds: 630,
    });
    expect(changeLimits({ timeoutSeconds: 300, wait: true }).deadlineSeconds).toBe(930);
    // helm's own default when the operation names no timeout.
    expect(changeLimits({}).timeoutSeconds).toBe(300);
  });

  it("is never shorter than helm's own timeout, even for short ones", () => {
    for (const timeoutSeconds of [1, 5, 60, 300, 3600]) {
      for (const wait of [false, true]) {
        const deadline = helmDeadlineSeconds({ timeoutSeconds, wait });
        expect(deadline).toBeGreaterThan(timeoutSeconds * (wait ? 3 : 2));
        expect(longestJobSeconds({ timeoutSeconds, wait })).toBeGreaterThan(
          deadline + timeoutSeconds,
        );
      }
    }
  });
});

describe("resolveExecution", () => {
  it("takes the policy's execution block over the configured default", () => {
    const none = parsePolicy("channels: {}", "test");
    expect(resolveExecution(none, 300)).toEqual({ wait: false, timeoutSeconds: 300 });
    const set = parsePolicy("execution: { timeoutSeconds: 900, wait: true }", "test");
    expect(resolveExecution(set, 300)).toEqual({ wait: true, timeoutSeconds: 900 });
    expect(() => parsePolicy("execution: { timeoutSeconds: 0 }", "test")).toThrow();
  });
});

describe("busyOutcome", () => {
  const locked = new ReleaseLockedError({ name: "web", namespace: "shop" }, "plan A", 0);

  it("puts the job back while it may wait, soon at first and then less often", () => {
    const first = busyOutcome(locked, {}, 600_000, 1_000_000);
    expect(first).toBeInstanceOf(ReleaseBusyError);
    expect(first).toMatchObject({ since: 1_000_000, retryAfterMs: 250 });
    const later = busyOutcome(locked, { busySince: 1_000_000 }, 600_000, 1_060_000);
    expect(later).toMatchObject({ since: 1_000_000, retryAfterMs: 5000 });
    // Never past the end of the wait.
    const last = busyOutcome(locked, { busySince: 1_000_000 }, 60_000, 1_059_900);
    expect(last).toMatchObject({ retryAfterMs: 100 });
  });

  it("gives up once the wait is over, saying how long it waited in all", () => {
    const over = busyOutcome(locked, { busySince: 1_000_000 }, 60_000, 1_061_000);
    expect(over).toBeInstanceOf(ReleaseLockedError);
    expect(over.message).toBe("shop/web is busy: plan A holds its lock (waited 61s).");
  });
});
