import { describe, expect, it } from "vitest";
import { assessRisk } from "../../../src/plan/assess-risk.ts";
import {
  describeHook,
  hookFailureEffect,
  hooksThatRun,
  toHookSummary,
} from "../../../src/plan/hooks-that-run.ts";
import type { HookSummary } from "../../../src/plan/plan-types.ts";

const hook = (name: string, events: string[], weight = 0, deletePolicies: string[] = []) =>
  ({ name, kind: "Job", events, weight, deletePolicies, subchart: null }) satisfies HookSummary;

const CHART_HOOKS = [
  hook("announce", ["post-install", "post-upgrade"]),
  hook("warm", ["pre-upgrade"], 10),
  hook("migrate", ["pre-install", "pre-upgrade"], -5, ["hook-succeeded"]),
  hook("snapshot", ["pre-rollback"]),
  hook("drain", ["pre-delete"], 1),
  hook("smoke", ["test"]),
  hook("legacy-smoke", ["test-success"]),
];

describe("hooksThatRun", () => {
  it("keeps an operation's own events, pre- before post-, by weight within each", () => {
    expect(hooksThatRun(CHART_HOOKS, "upgrade").map((h) => [h.name, h.events])).toEqual([
      ["migrate", ["pre-upgrade"]],
      ["warm", ["pre-upgrade"]],
      ["announce", ["post-upgrade"]],
    ]);
    expect(hooksThatRun(CHART_HOOKS, "rollback").map((h) => h.name)).toEqual(["snapshot"]);
    expect(hooksThatRun(CHART_HOOKS, "uninstall").map((h) => h.name)).toEqual(["drain"]);
  });

  it("never lists test hooks as a risk of any change", () => {
    for (const operation of ["upgrade", "set-values", "rollback", "uninstall"] as const) {
      const risk = assessRisk({
        operation,
        status: "deployed",
        statusDescription: "",
        hooks: CHART_HOOKS,
      });
      expect(JSON.stringify(risk)).not.toContain("smoke");
    }
  });

  it("says what a failure does at each point", () => {
    expect(hookFailureEffect("pre-upgrade")).toContain("before any object is touched");
    expect(hookFailureEffect("post-upgrade")).toContain("already changed");
    expect(hookFailureEffect("pre-delete")).toBe("the uninstall stops before anything is deleted");
    expect(hookFailureEffect("post-delete")).toContain("already deleted");
  });

  it("reads helm's hook record, subchart included", () => {
    const summary = toHookSummary({
      name: "web-db-migrate",
      kind: "Job",
      events: ["pre-upgrade"],
      weight: -5,
      delete_policies: ["before-hook-creation", "hook-succeeded"],
      path: "web/charts/db/templates/migrate.yaml",
    });
    expect(describeHook(summary)).toBe(
      "pre-upgrade Job web-db-migrate (weight -5, replaced on the next run, deleted when it succeeds, from subchart db)",
    );
  });
});
