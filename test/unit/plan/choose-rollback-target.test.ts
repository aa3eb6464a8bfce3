import { describe, expect, it } from "vitest";
import { chooseRollbackTarget } from "../../../src/plan/choose-rollback-target.ts";
import { history } from "./plan-fixtures.ts";

describe("chooseRollbackTarget", () => {
  it("goes back to the revision before the current one on a healthy release", () => {
    const choice = chooseRollbackTarget(
      history([1, "superseded"], [2, "superseded"], [3, "deployed"]),
      null,
      "web",
    );
    expect(choice).toMatchObject({ ok: true, target: { revision: 2 } });
  });

  it("skips failed and pending revisions to the last good one", () => {
    const rows = history([1, "superseded"], [2, "superseded"], [3, "failed"], [4, "failed"]);
    const choice = chooseRollbackTarget(rows, null, "web");
    expect(choice).toMatchObject({ ok: true, target: { revision: 2 } });
    expect(choice.ok && choice.reason).toBe(
      "revision 2 (webapp-1.0.0, superseded) is the last good revision before revision 4 (webapp-1.0.0, failed)",
    );
  });

  it("finds the last good revision of a release stuck in pending-upgrade", () => {
    expect(
      chooseRollbackTarget(history([1, "deployed"], [2, "pending-upgrade"]), null, "web"),
    ).toMatchObject({ ok: true, target: { revision: 1 } });
  });

  it("takes a revision that was asked for, warning when it had failed", () => {
    const rows = history([1, "superseded"], [2, "failed"], [3, "deployed"]);
    expect(chooseRollbackTarget(rows, 1, "web")).toMatchObject({
      ok: true,
      target: { revision: 1 },
      warnings: [],
    });
    const choice = chooseRollbackTarget(rows, 2, "web");
    expect(choice.ok && choice.warnings).toEqual([
      "Revision 2 ended failed: rolling back to it may fail the same way.",
    ]);
  });

  it("refuses a revision that is not in the history and suggests the good one", () => {
    expect(chooseRollbackTarget(history([1, "superseded"], [2, "deployed"]), 7, "web")).toEqual({
      ok: false,
      reason: "web has no revision 7 (its history holds revisions 1–2).",
      suggestions: ["rollback web to revision 1"],
    });
  });

  it("refuses the current revision", () => {
    expect(
      chooseRollbackTarget(history([1, "superseded"], [2, "deployed"]), 2, "web"),
    ).toMatchObject({ ok: false, reason: "web is at revision 2 already." });
  });

  it("has nothing to go back to after a single revision", () => {
    expect(chooseRollbackTarget(history([1, "pending-install"]), null, "web")).toMatchObject({
      ok: false,
      suggestions: ["uninstall web, then install it again"],
    });
  });
});
