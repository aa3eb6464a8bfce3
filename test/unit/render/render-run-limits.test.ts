// Where and for how long, said in the answers: a plan shows the cluster it was made for and how
// long its change may run (--timeout, --wait or Wheelhouse's own check, helm's deadline); a read
// answer ends with the cluster it is about. Answers without them are unchanged.
import { describe, expect, it } from "vitest";
import { changeLimits } from "../../../src/model/change-limits.ts";
import { plainText } from "../../../src/render/message.ts";
import { renderPlan } from "../../../src/render/render-plan.ts";
import { renderReadResult } from "../../../src/render/render-read-result.ts";
import { formatSeconds } from "../../../src/render/render-run-limits.ts";
import { historyEntries, record, upgradePlan } from "./render-fixtures.ts";

function contextLines(message: ReturnType<typeof renderPlan>): string[] {
  return message.blocks.flatMap((b) => (b.type === "context" ? b.lines.map(plainText) : []));
}

describe("cluster and time limits in answers", () => {
  it("shows the plan's cluster and limits beside its id", () => {
    const plan = {
      ...upgradePlan,
      cluster: "prod-eu-1",
      limits: changeLimits({ timeoutSeconds: 600, wait: true }),
    };
    const lines = contextLines(renderPlan(record(plan)));
    expect(lines).toContainEqual(
      "⏱ Runs up to 10m per wait (--timeout 600s), helm waits for the resources (--wait); helm is stopped after 30m30s",
    );
    expect(lines.some((l) => l.startsWith("Cluster prod-eu-1 · Plan "))).toBe(true);
    const noWait = contextLines(
      renderPlan(record({ ...upgradePlan, limits: changeLimits({ timeoutSeconds: 300 }) })),
    );
    expect(noWait).toContainEqual(
      "⏱ Runs up to 5m per wait (--timeout 300s), Wheelhouse checks the rollout after helm (no --wait); helm is stopped after 10m30s",
    );
  });

  it("leaves a plan without them as it was", () => {
    const before = renderPlan(record(upgradePlan));
    expect(contextLines(before).some((l) => l.includes("Cluster") || l.includes("⏱"))).toBe(false);
  });

  it("ends a read answer with its cluster", () => {
    const read = {
      kind: "history" as const,
      release: { name: "web", namespace: "shop" },
      entries: historyEntries,
    };
    const plain = renderReadResult(read);
    const said = renderReadResult(read, { cluster: "prod-eu-1" });
    expect(said.blocks.slice(0, -1)).toEqual(plain.blocks);
    expect(said.blocks.at(-1)).toEqual({
      type: "context",
      lines: [
        [
          { kind: "text", text: "Cluster " },
          { kind: "code", text: "prod-eu-1" },
        ],
      ],
    });
  });

  it("writes durations the way people read them", () => {
    expect([45, 300, 330, 3600, 3690, 0].map(formatSeconds)).toEqual([
      "45s",
      "5m",
      "5m30s",
      "1h",
      "1h1m30s",
      "0s",
    ]);
  });
});
