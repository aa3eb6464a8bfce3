// The plan's HMAC: it verifies for the plan as signed, under its id and key, and for nothing
// else: not a changed argv, revision, release, command, helm operation or dry-run result, not
// another plan id, not a missing or malformed signature, not another key.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createPlanSigner,
  PLAN_KEY_MIN_LENGTH,
  PlanKeyError,
} from "../../../src/plan/create-plan-signer.ts";
import type { Plan } from "../../../src/plan/plan-types.ts";
import { samplePlan } from "../store/sample-plan.ts";

const KEY = `${"k".repeat(16)}0123456789abcdef`;
const signer = createPlanSigner(KEY);
const ID = "Pabcdefghijk";

function changed(change: (plan: Plan) => void): Plan {
  const plan = structuredClone(samplePlan());
  change(plan);
  return plan;
}

describe("createPlanSigner", () => {
  const plan = samplePlan();
  const signature = signer.sign(ID, plan);

  it("signs deterministically and verifies the plan as signed, also after a JSON round trip", () => {
    expect(signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(signer.sign(ID, samplePlan())).toBe(signature);
    expect(signer.verify(ID, plan, signature)).toBe(true);
    const stored: Plan = JSON.parse(JSON.stringify(plan));
    expect(signer.verify(ID, stored, signature)).toBe(true);
  });

  it("refuses a tampered argv, revision, release, command or helm operation", () => {
    const tampered: Array<[string, Plan]> = [
      ["argv", changed((p) => p.command.argv.push("--force"))],
      [
        "revision",
        changed((p) => {
          p.release.revision += 1;
        }),
      ],
      [
        "release name",
        changed((p) => {
          p.release.name = "api";
        }),
      ],
      [
        "release namespace",
        changed((p) => {
          p.release.namespace = "kube-system";
        }),
      ],
      [
        "display",
        changed((p) => {
          p.command.display = "helm rollback web 1 --namespace shop";
        }),
      ],
      [
        "operation",
        changed((p) => {
          if (p.command.operation.kind === "rollback") p.command.operation.revision = 1;
        }),
      ],
    ];
    for (const [what, forged] of tampered) {
      expect({ what, verified: signer.verify(ID, forged, signature) }).toEqual({
        what,
        verified: false,
      });
    }
  });

  it("refuses a changed dry-run result", () => {
    const summary = changed((p) => {
      p.dryRun.summary = "all good";
    });
    const accepted = changed((p) => {
      p.dryRun.apiServerAccepted = (p.dryRun.apiServerAccepted ?? 0) + 1;
    });
    const mode = changed((p) => {
      p.dryRun.mode = p.dryRun.mode === "server" ? "client" : "server";
    });
    for (const forged of [summary, accepted, mode])
      expect(signer.verify(ID, forged, signature)).toBe(false);
  });

  it("binds the signature to the plan id: a plan copied under another id does not verify", () => {
    expect(signer.verify("Pzzzzzzzzzzz", plan, signature)).toBe(false);
  });

  it("refuses a missing, empty, malformed or truncated signature", () => {
    for (const bad of [null, undefined, "", "sha256:abc", `${signature}00`, signature.slice(0, -2)])
      expect(signer.verify(ID, plan, bad)).toBe(false);
    expect(signer.verify(ID, plan, signature.toUpperCase())).toBe(false);
  });

  it("refuses a signature made with another key", () => {
    const other = createPlanSigner(`${KEY}-other`);
    expect(other.verify(ID, plan, signature)).toBe(false);
    expect(signer.verify(ID, plan, other.sign(ID, plan))).toBe(false);
  });

  it("refuses a key shorter than 32 characters, without echoing it", () => {
    const short = "x".repeat(PLAN_KEY_MIN_LENGTH - 1);
    expect(() => createPlanSigner(short)).toThrow(PlanKeyError);
    try {
      createPlanSigner(short);
    } catch (error) {
      expect(String(error)).not.toContain(short);
      expect(error).toMatchObject({ code: "plan_key_invalid" });
    }
  });

  it("never shows its key when serialised or inspected", () => {
    expect(JSON.stringify(signer)).not.toContain(KEY);
    expect(inspect(signer, { depth: 10, showHidden: true })).not.toContain(KEY);
  });
});
