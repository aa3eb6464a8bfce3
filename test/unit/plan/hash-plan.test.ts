import { describe, expect, it } from "vitest";
import { hashPlan } from "../../../src/plan/hash-plan.ts";

const input = {
  release: { name: "web", namespace: "shop" },
  revision: 3,
  argv: ["rollback", "web", "2", "--namespace", "shop"],
};

describe("hashPlan", () => {
  it("is stable: the same release, revision and argv always hash the same", () => {
    expect(hashPlan(input)).toBe(
      hashPlan({ argv: [...input.argv], revision: 3, release: { namespace: "shop", name: "web" } }),
    );
    expect(hashPlan(input)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("changes when the release moved to another revision", () => {
    expect(hashPlan({ ...input, revision: 4 })).not.toBe(hashPlan(input));
  });

  it("changes with any argument, its order, or the release", () => {
    expect(hashPlan({ ...input, argv: ["rollback", "web", "1", "--namespace", "shop"] })).not.toBe(
      hashPlan(input),
    );
    expect(hashPlan({ ...input, argv: ["rollback", "web", "--namespace", "shop", "2"] })).not.toBe(
      hashPlan(input),
    );
    expect(hashPlan({ ...input, release: { name: "web", namespace: "prod" } })).not.toBe(
      hashPlan(input),
    );
  });

  it("cannot be fooled by moving text between arguments", () => {
    expect(hashPlan({ ...input, argv: ["a b", "c"] })).not.toBe(
      hashPlan({ ...input, argv: ["a", "b c"] }),
    );
  });
});
