// What a thread says when a fault cut a run short (issue 14's fault suite): the API server gone
// during validation, helm stopped at its deadline, a worker killed. Those reports carry text read
// from kubectl, helm and the cluster, so each is checked the way it leaves the process:
// redacted, then Block Kit, with hostile markup left inert.
import { describe, expect, it } from "vitest";
import type { ExecutionReport } from "../../../src/model/execution-report.ts";
import { redactMessage } from "../../../src/redact/redact-message.ts";
import { toBlockKit } from "../../../src/render/block-kit/to-block-kit.ts";
import { renderExecution } from "../../../src/render/render-execution.ts";
import { approved, failed, record, upgradePlan } from "../render/render-fixtures.ts";

const SECRETS = {
  userinfo: "hunter2-userinfo-9f3a",
  bearer: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3aGVlbGhvdXNlIn0.c2lnbmF0dXJlLXNlY3JldA",
  password: "Pa55-in-stderr-7Qz",
} as const;

function shownAfterEgress(report: ExecutionReport): string {
  const shown = record(upgradePlan, {
    state: "failed",
    decision: approved,
    startedAt: report.startedAt,
    execution: report,
  });
  return JSON.stringify(toBlockKit(redactMessage(renderExecution(shown))));
}

const unreachable: ExecutionReport = {
  ...failed,
  validation: null,
  rollbackPlanId: null,
  error: {
    code: "validation_interrupted",
    message: `kubectl get pods: Unable to connect to https://admin:${SECRETS.userinfo}@10.0.0.1:6443 <!channel> *now*`,
    stderrHead: `Authorization: Bearer ${SECRETS.bearer}\nDB_PASSWORD=${SECRETS.password}`,
  },
  note: "Ask for `status shop -n shop` once the cluster answers. <@U0EVIL>",
};

describe("a run whose result could not be checked", () => {
  it("says it ran but was not checked, and labels the failure as not helm's", () => {
    const json = shownAfterEgress(unreachable);
    expect(json).toContain("ran, but its result could not be checked");
    expect(json).toContain("What failed");
    expect(json).not.toContain("helm said");
  });

  it("shows no credential from kubectl's error or stderr, and no live mention", () => {
    const json = shownAfterEgress(unreachable);
    for (const secret of Object.values(SECRETS)) expect(json).not.toContain(secret);
    expect(json).toContain("DB_PASSWORD=");
    expect(json).not.toMatch(/<!channel>|<@U0EVIL>/);
    expect(json).toContain("&lt;!channel&gt;");
  });
});

describe("helm stopped at its deadline", () => {
  it("keeps helm's own label for helm's failures, and redacts what helm printed", () => {
    const json = shownAfterEgress({
      ...failed,
      validation: null,
      error: {
        code: "helm_timeout",
        message: "helm did not finish the upgrade within its deadline (36s) and was stopped.",
        stderrHead: `Error: Get "https://deploy:${SECRETS.userinfo}@charts.example.com/index.yaml": context deadline exceeded`,
      },
    });
    expect(json).toContain("helm said");
    expect(json).toContain("within its deadline (36s)");
    expect(json).not.toContain(SECRETS.userinfo);
  });
});
