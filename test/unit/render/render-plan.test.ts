// What people rely on in a plan message, beyond its exact layout: buttons only while it waits,
// a confirmation before destructive changes, and who decided once it is decided.
import { describe, expect, it } from "vitest";
import { toBlockKit } from "../../../src/render/block-kit/to-block-kit.ts";
import {
  ACTION_APPROVE,
  ACTION_REJECT,
  type Block,
  type Button,
} from "../../../src/render/message.ts";
import { isDestructive, renderPlan } from "../../../src/render/render-plan.ts";
import {
  approved,
  majorUpgradePlan,
  record,
  rollbackPlan,
  setValuesPlan,
  uninstallPlan,
  upgradePlan,
} from "./render-fixtures.ts";

function buttons(blocks: Block[]): Button[] {
  return blocks.flatMap((b) => (b.type === "buttons" ? b.buttons : []));
}

describe("renderPlan", () => {
  it("offers Approve and Reject carrying the plan id while the plan waits", () => {
    const [approve, reject] = buttons(renderPlan(record(upgradePlan)).blocks);
    expect(approve).toMatchObject({
      actionId: ACTION_APPROVE,
      value: "pKq3xY7wZt2a",
      style: "primary",
    });
    expect(reject).toMatchObject({ actionId: ACTION_REJECT, value: "pKq3xY7wZt2a" });
    expect(approve?.confirm).toBeUndefined();
  });

  it.each([
    ["uninstall", uninstallPlan, true],
    ["rollback", rollbackPlan, true],
    ["major upgrade", majorUpgradePlan, true],
    ["minor upgrade", upgradePlan, false],
    ["set-values", setValuesPlan, false],
  ] as const)("asks for confirmation before approving a %s: %s", (_, plan, destructive) => {
    expect(isDestructive(plan)).toBe(destructive);
    const [approve] = buttons(renderPlan(record(plan)).blocks);
    expect(approve?.confirm !== undefined).toBe(destructive);
  });

  it("shows who approved and when, and no buttons, once decided", () => {
    const kit = toBlockKit(
      renderPlan(record(upgradePlan, { state: "approved", decision: approved })),
    );
    expect(kit.blocks.some((b) => b.type === "actions")).toBe(false);
    expect(JSON.stringify(kit.blocks)).toContain("Approved by <@U0BOB> at 2026-05-01 12:05 UTC");
  });

  it("never shows buttons on expired, rejected, running or finished plans", () => {
    for (const state of [
      "expired",
      "rejected",
      "running",
      "succeeded",
      "failed",
      "stale",
    ] as const) {
      expect(
        buttons(renderPlan(record(upgradePlan, { state, decision: approved })).blocks),
      ).toEqual([]);
    }
  });

  it("shows the exact helm command and the image change", () => {
    const text = JSON.stringify(toBlockKit(renderPlan(record(upgradePlan))).blocks);
    expect(text).toContain(upgradePlan.command.display);
    expect(text).toContain("registry.example.com/webapp-crash:1.2.0");
  });
});
