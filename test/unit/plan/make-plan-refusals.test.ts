// Requests that cannot be planned are answered before any helm or kubectl process starts.
import { describe, expect, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { PlanHelm } from "../../../src/gather/plan-helm.ts";
import type { KubeReader } from "../../../src/kube/kubectl-client.ts";
import { emptyIntent, type Intent } from "../../../src/model/intent.ts";
import { NOW, summary } from "./plan-fixtures.ts";

const untouchable = new Proxy(
  {},
  {
    get(_target, property) {
      if (property === "then") return undefined;
      throw new Error(`nothing may be asked of the cluster, yet ${String(property)} was`);
    },
  },
);
const helm = untouchable as PlanHelm;
const kube = untouchable as KubeReader;
const inventory = [summary(), summary({ name: "gone", status: "uninstalled", revision: 4 })];

function plan(intent: Intent) {
  return makePlan({ intent, inventory, helm, kube, now: NOW });
}

describe("makePlan refusals", () => {
  it("needs no plan for a read", async () => {
    expect(
      await plan({ ...emptyIntent("history"), release: { name: "web", namespace: "shop" } }),
    ).toMatchObject({
      kind: "refusal",
      code: "not_a_change",
    });
  });

  it("asks the clarifying question, offering the candidates as requests", async () => {
    const intent = {
      ...emptyIntent("upgrade"),
      clarification: "Which web?",
      candidates: [
        { name: "web", namespace: "shop" },
        { name: "web", namespace: "staging" },
      ],
    };
    expect(await plan(intent)).toMatchObject({
      code: "needs_clarification",
      reason: "Which web?",
      suggestions: ["upgrade web -n shop", "upgrade web -n staging"],
    });
  });

  it("refuses a release that is not in the inventory, pointing at the same name elsewhere", async () => {
    expect(
      await plan({ ...emptyIntent("uninstall"), release: { name: "web", namespace: "prod" } }),
    ).toMatchObject({
      code: "release_not_found",
      reason: "There is no release web in namespace prod.",
      suggestions: ["uninstall web -n shop"],
    });
  });

  it("offers the rollback that restores an uninstalled release instead of upgrading it", async () => {
    expect(
      await plan({
        ...emptyIntent("upgrade"),
        release: { name: "gone", namespace: "shop" },
        targetVersion: "latest",
      }),
    ).toMatchObject({
      code: "release_uninstalled",
      suggestions: ["rollback gone to revision 4 to bring it back"],
    });
  });

  it("refuses set-values with nothing to set", async () => {
    expect(
      await plan({ ...emptyIntent("set-values"), release: { name: "web", namespace: "shop" } }),
    ).toMatchObject({ code: "nothing_to_change" });
  });
});
