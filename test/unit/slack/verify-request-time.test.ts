// Slack request stamps from the future are refused; the past is Bolt's to judge.
import { describe, expect, it } from "vitest";
import {
  checkRequestTime,
  MAX_REQUEST_AHEAD_SECONDS,
} from "../../../src/slack/verify-request-time.ts";

const now = Date.UTC(2026, 4, 1, 12, 0, 0);
const at = (aheadSeconds: number) => String(Math.floor(now / 1000) + aheadSeconds);

describe("checkRequestTime", () => {
  it("lets through stamps up to five minutes ahead, and any past one (Bolt refuses stale)", () => {
    for (const ahead of [0, 1, MAX_REQUEST_AHEAD_SECONDS, -60, -3600])
      expect(checkRequestTime(at(ahead), now), String(ahead)).toEqual({ ok: true });
  });

  it("refuses a stamp more than five minutes ahead, saying by how much", () => {
    const verdict = checkRequestTime(at(MAX_REQUEST_AHEAD_SECONDS + 1), now);
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/301 s ahead/) });
    expect(checkRequestTime(at(10 * 365 * 86_400), now).ok).toBe(false);
  });

  it("leaves missing and unreadable stamps to Bolt, which refuses them with the signature", () => {
    for (const header of [undefined, "", "soon", [at(0), at(1)]])
      expect(checkRequestTime(header, now)).toEqual({ ok: true });
    expect(checkRequestTime([at(600)], now).ok).toBe(false);
  });
});
