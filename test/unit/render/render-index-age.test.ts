// The plan says how old the repository index behind its versions was, and how it chose the
// source; plans without index information (OCI charts, older plans) show no such line.
import { describe, expect, it } from "vitest";
import { blockKitToText } from "../../../src/render/block-kit/block-kit-to-text.ts";
import { toBlockKit } from "../../../src/render/block-kit/to-block-kit.ts";
import { renderPlan } from "../../../src/render/render-plan.ts";
import { record, upgradePlan } from "./render-fixtures.ts";

const text = (plan: typeof upgradePlan) => {
  const kit = toBlockKit(renderPlan(record(plan)));
  return blockKitToText(kit.blocks, kit.text);
};

describe("index age in a plan", () => {
  it("is shown under the repository note", () => {
    const plan = {
      ...upgradePlan,
      upgrade: {
        ...upgradePlan.upgrade,
        sourceBasis: "search" as const,
        index: {
          repository: "fixtures",
          fetchedAt: "2026-12-01T09:00:00Z",
          ageSeconds: 1800,
          refreshed: null,
        },
      },
    };
    expect(text(plan)).toMatch(
      /repository fixtures is assumed[^\n]*\n[^\n]*index of fixtures fetched 30 min ago/,
    );
  });

  it("is absent when the plan has none", () => {
    expect(text({ ...upgradePlan, upgrade: { ...upgradePlan.upgrade, index: null } })).not.toMatch(
      /index of/,
    );
  });
});
