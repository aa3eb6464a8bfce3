// The GitOps warning and refusal, from the same detection the diagnosis uses.
import { describe, expect, it } from "vitest";
import { applyGitOpsOwnership } from "../../../src/plan/apply-gitops-ownership.ts";
import type { Plan } from "../../../src/plan/plan-types.ts";
import { refuse } from "../../../src/plan/refuse.ts";
import { samplePlan } from "../store/sample-plan.ts";
import { manifest } from "./plan-fixtures.ts";

const tracked = manifest(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  annotations:
    argocd.argoproj.io/tracking-id: shop-web:/ConfigMap:shop/web`);

const plan: Plan = { ...samplePlan(), warnings: ["1.2.0 is a pre-release."] };

describe("applyGitOpsOwnership", () => {
  it("puts the Argo CD warning first, found by the tracking-id annotation", () => {
    const outcome = applyGitOpsOwnership(plan, tracked, "warn");
    if (outcome.kind !== "plan") throw new Error("expected a plan");
    expect(outcome.warnings).toEqual([
      "This release is managed by the Argo CD Application shop-web (ConfigMap web has the annotation argocd.argoproj.io/tracking-id=shop-web:/ConfigMap:shop/web): it will revert a direct rollback at its next sync; change it in Git instead (or turn off auto-sync of the Application shop-web first and turn it back on once Git matches).",
      "1.2.0 is a pre-release.",
    ]);
  });

  it("refuses under the refuse rule, with the evidence as detail", () => {
    expect(applyGitOpsOwnership(plan, tracked, "refuse")).toMatchObject({
      kind: "refusal",
      code: "owned_by_gitops",
      detail: expect.stringContaining("argocd.argoproj.io/tracking-id"),
    });
  });

  it("leaves plans of unowned releases and refusals as they are", () => {
    expect(
      applyGitOpsOwnership(plan, manifest("kind: ConfigMap\nmetadata:\n  name: a"), "refuse"),
    ).toBe(plan);
    const refusal = refuse("helm_failed", "upgrade", null, "no");
    expect(applyGitOpsOwnership(refusal, tracked, "refuse")).toBe(refusal);
  });
});
