import { describe, expect, it } from "vitest";
import { editDistance, typoBudget } from "../../../src/intent/edit-distance.ts";

describe("editDistance", () => {
  it.each([
    ["kafka", "kafka", 0],
    ["kafka", "kafak", 1],
    ["upgarde", "upgrade", 1],
    ["rolback", "rollback", 1],
    ["unistall", "uninstall", 1],
    ["staus", "status", 1],
    ["histroy", "history", 1],
    ["grafna", "grafana", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("counts %j -> %j as %i edits", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it("stops early and reports more than the bound", () => {
    expect(editDistance("prometheus", "kafka", 2)).toBe(3);
  });

  it("gives short words one typo and long words two", () => {
    expect(typoBudget(3)).toBe(0);
    expect(typoBudget(5)).toBe(1);
    expect(typoBudget(9)).toBe(2);
  });
});
