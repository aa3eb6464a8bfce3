import { describe, expect, it } from "vitest";
import {
  chooseValuesStrategy,
  predictValuesStrategy,
} from "../../../src/plan/choose-values-strategy.ts";

describe("chooseValuesStrategy", () => {
  it("reuses values when the chart defaults did not change", () => {
    const defaults = { replicaCount: 2, image: { tag: "1.0.0" } };
    const choice = chooseValuesStrategy({
      fromVersion: "1.0.0",
      toVersion: "1.0.1",
      oldDefaults: defaults,
      newDefaults: { image: { tag: "1.0.0" }, replicaCount: 2 },
    });
    expect(choice.strategy).toBe("reuse");
    expect(choice.reason).toMatch(/identical in 1.0.0 and 1.0.1/);
  });

  it("resets then reuses when the defaults changed, naming the keys and why", () => {
    const choice = chooseValuesStrategy({
      fromVersion: "1.0.0",
      toVersion: "1.1.0",
      oldDefaults: { image: { tag: "1.0.0" } },
      newDefaults: { image: { tag: "1.1.0" }, logLevel: "info" },
    });
    expect(choice).toEqual({
      strategy: "reset-then-reuse",
      reason:
        "the chart defaults changed between 1.0.0 and 1.1.0 (2 keys: image.tag, logLevel); --reuse-values would keep the 1.0.0 defaults, so --reset-then-reuse-values takes the 1.1.0 defaults and re-applies your values",
    });
  });

  it("resets then reuses when the current defaults cannot be read", () => {
    const choice = chooseValuesStrategy({
      fromVersion: "0.9.0",
      toVersion: "1.1.0",
      oldDefaults: null,
      newDefaults: {},
    });
    expect(choice.strategy).toBe("reset-then-reuse");
    expect(choice.reason).toMatch(/cannot be read/);
  });

  it("predicts reuse for the same version and reset-then-reuse for another", () => {
    expect(predictValuesStrategy("1.0.0", "1.0.0")).toBe("reuse");
    expect(predictValuesStrategy("1.0.0", "1.1.0")).toBe("reset-then-reuse");
  });
});
