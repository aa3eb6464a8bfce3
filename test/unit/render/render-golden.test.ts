// Golden Block Kit JSON for every message the bot sends: a change to any renderer shows up as a
// diff of these files (update with `vitest run -u` after reading the diff).
import { describe, expect, it } from "vitest";
import { emptyIntent } from "../../../src/model/intent.ts";
import { toBlockKit } from "../../../src/render/block-kit/to-block-kit.ts";
import type { Message } from "../../../src/render/message.ts";
import { renderAudit } from "../../../src/render/render-audit.ts";
import { renderClarification } from "../../../src/render/render-clarification.ts";
import { renderExecution } from "../../../src/render/render-execution.ts";
import { renderHelp } from "../../../src/render/render-help.ts";
import { renderPlan } from "../../../src/render/render-plan.ts";
import { renderReadResult } from "../../../src/render/render-read-result.ts";
import { renderRefusal } from "../../../src/render/render-refusal.ts";
import {
  approved,
  failed,
  historyEntries,
  majorUpgradePlan,
  manifest,
  record,
  recoveryPlan,
  refusal,
  rollbackPlan,
  setValuesPlan,
  stale,
  statusDetail,
  succeeded,
  uninstallPlan,
  upgradePlan,
} from "./render-fixtures.ts";

const web = { name: "web", namespace: "shop" };

async function golden(name: string, msg: Message): Promise<void> {
  const json = `${JSON.stringify(toBlockKit(msg), null, 2)}\n`;
  expect(json).not.toMatch(/hunter2/);
  await expect(json).toMatchFileSnapshot(`./__golden__/${name}.json`);
}

describe("golden Block Kit", () => {
  it.each([
    ["plan-upgrade", upgradePlan],
    ["plan-upgrade-major", majorUpgradePlan],
    ["plan-rollback", rollbackPlan],
    ["plan-recovery", recoveryPlan],
    ["plan-uninstall", uninstallPlan],
    ["plan-set-values", setValuesPlan],
  ] as const)("%s", async (name, plan) => {
    await golden(name, renderPlan(record(plan)));
  });

  it("plan-approved", async () => {
    await golden(
      "plan-approved",
      renderPlan(record(upgradePlan, { state: "approved", decision: approved })),
    );
  });

  it("plan-rejected", async () => {
    const decision = {
      verdict: "rejected" as const,
      by: "U0CAROL",
      at: "2026-05-01T12:07:00.000Z",
    };
    await golden(
      "plan-rejected",
      renderPlan(record(uninstallPlan, { state: "rejected", decision })),
    );
  });

  it("plan-expired", async () => {
    await golden("plan-expired", renderPlan(record(upgradePlan, { state: "expired" })));
  });

  it("refusal", async () => {
    await golden("refusal", renderRefusal(refusal));
  });

  it("clarification with candidates", async () => {
    const intent = {
      ...emptyIntent("upgrade"),
      targetVersion: "1.2.0",
      clarification: "There is a web in shop and in staging: which one?",
      candidates: [web, { name: "web", namespace: "staging" }],
    };
    await golden("clarification", renderClarification(intent));
  });

  it("clarification without candidates", async () => {
    await golden(
      "clarification-unknown",
      renderClarification({
        ...emptyIntent("unknown"),
        clarification: "I did not understand that. Try `help`.",
      }),
    );
  });

  it("list", async () => {
    const releases = [
      {
        name: "web",
        namespace: "shop",
        revision: 3,
        updated: "2026-05-01 10:00:00.123456 +0000 UTC",
        status: "deployed" as const,
        chart: "webapp-1.1.0",
        app_version: "1.1.0",
      },
      {
        name: "db",
        namespace: "shop",
        revision: 1,
        updated: "2026-05-01 09:00:00.123456 +0000 UTC",
        status: "failed" as const,
        chart: "datastore-0.1.0",
        app_version: "0.1.0",
      },
      {
        name: "widgets",
        namespace: "platform",
        revision: 2,
        updated: "2026-04-30 08:00:00.123456 +0000 UTC",
        status: "pending-upgrade" as const,
        chart: "widgets-0.1.0",
        app_version: "",
      },
    ];
    await golden(
      "read-list",
      renderReadResult({ kind: "list", namespace: null, statusFilter: null, releases }),
    );
  });

  it("status", async () => {
    await golden("read-status", renderReadResult({ kind: "status", detail: statusDetail }));
  });

  it("history", async () => {
    await golden(
      "read-history",
      renderReadResult({ kind: "history", release: web, entries: historyEntries }),
    );
  });

  it("values", async () => {
    const values = {
      auth: { password: "hunter2" },
      replicaCount: 2,
      ingress: { host: "shop.example.com" },
    };
    await golden(
      "read-values",
      renderReadResult({ kind: "values", release: web, values, all: false }),
    );
  });

  it("manifest", async () => {
    await golden("read-manifest", renderReadResult({ kind: "manifest", release: web, manifest }));
  });

  it("execution running", async () => {
    await golden(
      "execution-running",
      renderExecution(record(upgradePlan, { state: "running", decision: approved })),
    );
  });

  it("execution succeeded", async () => {
    await golden(
      "execution-succeeded",
      renderExecution(
        record(upgradePlan, { state: "succeeded", decision: approved, execution: succeeded }),
      ),
    );
  });

  it("execution failed, with a rollback plan", async () => {
    await golden(
      "execution-failed",
      renderExecution(
        record(upgradePlan, { state: "failed", decision: approved, execution: failed }),
      ),
    );
  });

  it("execution stale", async () => {
    await golden(
      "execution-stale",
      renderExecution(
        record(upgradePlan, { state: "stale", decision: approved, execution: stale }),
      ),
    );
  });

  it("help", async () => {
    await golden("help", renderHelp());
  });

  it("audit", async () => {
    const entries = [
      {
        type: "approval" as const,
        at: "2026-05-01T12:05:00.000Z",
        actor: "U0BOB",
        channel: "C0SHOPTEAM",
        release: web,
        planId: "pKq3xY7wZt2a",
        detail: "approved upgrade web 1.1.0 → 1.2.0",
      },
      {
        type: "plan" as const,
        at: "2026-05-01T12:00:00.000Z",
        actor: "U0ALICE",
        channel: "C0SHOPTEAM",
        release: web,
        planId: "pKq3xY7wZt2a",
        detail: "upgrade web 1.1.0 → 1.2.0, risk medium",
      },
      {
        type: "request" as const,
        at: "2026-05-01T11:59:58.000Z",
        actor: "U0ALICE",
        channel: "C0SHOPTEAM",
        release: null,
        planId: null,
        detail: "upgrade web to 1.2.0",
      },
    ];
    await golden("audit", renderAudit(entries, web));
  });
});
