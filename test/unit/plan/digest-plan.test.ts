import { describe, expect, it } from "vitest";
import { digestPlan } from "../../../src/plan/digest-plan.ts";

const input = {
  release: { name: "web", namespace: "shop" },
  revision: 3,
  argv: ["rollback", "web", "2", "--namespace", "shop"],
};

describe("digestPlan", () => {
  it("is stable: the same release, revision and argv always digest the same", () => {
    expect(digestPlan(input)).toBe(
      digestPlan({
        argv: [...input.argv],
        revision: 3,
        release: { namespace: "shop", name: "web" },
      }),
    );
    expect(digestPlan(input)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("changes when the release moved to another revision", () => {
    expect(digestPlan({ ...input, revision: 4 })).not.toBe(digestPlan(input));
  });

  it("changes with any argument, its order, or the release", () => {
    expect(
      digestPlan({ ...input, argv: ["rollback", "web", "1", "--namespace", "shop"] }),
    ).not.toBe(digestPlan(input));
    expect(
      digestPlan({ ...input, argv: ["rollback", "web", "--namespace", "shop", "2"] }),
    ).not.toBe(digestPlan(input));
    expect(digestPlan({ ...input, release: { name: "web", namespace: "prod" } })).not.toBe(
      digestPlan(input),
    );
  });

  it("cannot be fooled by moving text between arguments", () => {
    expect(digestPlan({ ...input, argv: ["a b", "c"] })).not.toBe(
      digestPlan({ ...input, argv: ["a", "b c"] }),
    );
  });
});
