// The check after the signature, before helm runs: the stored command must agree with itself.
import { describe, expect, it } from "vitest";
import { checkPlanConsistency } from "../../../src/exec/check-plan-consistency.ts";
import { buildHelmArgv } from "../../../src/model/build-helm-argv.ts";
import type { MutatingHelmOperation } from "../../../src/model/helm-operation.ts";
import { validateHelmOperation } from "../../../src/model/validate-helm-operation.ts";
import type { Plan } from "../../../src/plan/plan-types.ts";
import { samplePlan } from "../store/sample-plan.ts";

// What HelmClient.argvFor does, for helm 4.
const helm4 = {
  argvFor(op: MutatingHelmOperation) {
    validateHelmOperation(op);
    return buildHelmArgv(op, { helmMajor: 4 });
  },
};

function tampered(change: (plan: Plan) => void): Plan {
  const plan = structuredClone(samplePlan());
  change(plan);
  return plan;
}

describe("checkPlanConsistency", () => {
  it("lets an untouched plan run", () => {
    expect(checkPlanConsistency(helm4, samplePlan())).toBeNull();
  });

  it("refuses a plan whose argv or revision no longer matches its digest", () => {
    const extraFlag = tampered((p) => p.command.argv.push("--force"));
    expect(checkPlanConsistency(helm4, extraFlag)).toBe(
      "the stored plan does not match its digest",
    );
    const otherRevision = tampered((p) => {
      p.release.revision = 7;
    });
    expect(checkPlanConsistency(helm4, otherRevision)).toBe(
      "the stored plan does not match its digest",
    );
  });

  it("refuses an operation that would not build the argv that was shown", () => {
    const otherTarget = tampered((p) => {
      if (p.command.operation.kind === "rollback") p.command.operation.revision = 1;
    });
    expect(checkPlanConsistency(helm4, otherTarget)).toBe(
      'the command would run as "helm rollback web 1 --namespace shop --wait --timeout 300s", not as shown',
    );
  });

  it("refuses dry runs, values files, another release and invalid input", () => {
    expect(
      checkPlanConsistency(
        helm4,
        tampered((p) => {
          p.command.operation.dryRun = true;
        }),
      ),
    ).toBe("the stored command is a dry run");
    expect(
      checkPlanConsistency(
        helm4,
        tampered((p) => {
          p.command.operation = {
            ...p.command.operation,
            release: { name: "api", namespace: "shop" },
          };
        }),
      ),
    ).toBe("the stored command is for another release than the plan");
    expect(
      checkPlanConsistency(
        helm4,
        tampered((p) => {
          p.command.operation = { ...p.command.operation, timeoutSeconds: -1 };
        }),
      ),
    ).toMatch(/^the stored command is not valid any more: Refused timeout/);
  });

  it("refuses a plan whose time limits say something else than its command", () => {
    expect(samplePlan().limits).toEqual({ timeoutSeconds: 300, wait: true, deadlineSeconds: 930 });
    const shorter = tampered((p) => {
      p.limits = { timeoutSeconds: 60, wait: false, deadlineSeconds: 150 };
    });
    expect(checkPlanConsistency(helm4, shorter)).toBe(
      "the time limits shown do not match the command",
    );
  });
});
