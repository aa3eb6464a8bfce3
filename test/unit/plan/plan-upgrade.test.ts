import { describe, expect, it } from "vitest";
import { isPlan } from "../../../src/plan/plan-types.ts";
import { planUpgrade, type UpgradeInputs } from "../../../src/plan/plan-upgrade.ts";
import { upgradeOperation } from "../../../src/plan/upgrade-operation.ts";
import {
  deployment,
  EXECUTION,
  manifest,
  NOW,
  passed,
  rejected,
  searchHits,
  secret,
  status,
  summary,
} from "./plan-fixtures.ts";

const VERSIONS = ["2.1.0-rc.1", "2.0.0", "1.2.0", "1.1.0", "1.0.0"];
const release = { name: "web", namespace: "shop" };
const defaults = (tag: string, extra: Record<string, unknown> = {}) => ({
  replicaCount: 2,
  image: { tag },
  auth: { password: "s3cr3t-default" },
  ...extra,
});
const current = manifest(deployment("web", "r/webapp:1.1.0"), secret("web-auth", "s3cr3t-default"));

function inputs(target: string, overrides: Partial<UpgradeInputs> = {}): UpgradeInputs {
  const op = upgradeOperation({
    release,
    chartRef: "fixtures/webapp",
    version: target,
    strategy: "reset-then-reuse",
    execution: EXECUTION,
  });
  return {
    summary: summary({ chart: "webapp-1.1.0", app_version: "1.1.0" }),
    status: status({ config: { replicaCount: 1 }, manifest: current }),
    requested: target,
    allowPreRelease: false,
    searchHits: searchHits("fixtures", "webapp", VERSIONS),
    oldDefaults: defaults("1.1.0"),
    newDefaults: defaults(target),
    dryRun: passed(op, {
      manifest: manifest(
        deployment("web", `r/webapp:${target}`, 1),
        secret("web-auth", "s3cr3t-default"),
      ),
      config: { replicaCount: 1 },
    }),
    helmMajor: 4,
    execution: EXECUTION,
    now: NOW,
    ...overrides,
  };
}

describe("planUpgrade", () => {
  it("plans a minor upgrade with the exact command, the dry-run, a values decision and the object diff", () => {
    const plan = planUpgrade(inputs("1.2.0"));
    if (!isPlan(plan) || plan.operation !== "upgrade")
      throw new Error(`expected an upgrade plan, got ${JSON.stringify(plan)}`);
    expect(plan.command.display).toBe(
      "helm upgrade web --namespace shop fixtures/webapp --version 1.2.0 --reset-then-reuse-values --wait --timeout 300s --output json",
    );
    expect(plan.release).toMatchObject({
      name: "web",
      chartVersion: "1.1.0",
      revision: 3,
      status: "deployed",
    });
    expect(plan.upgrade).toMatchObject({
      versionChange: "minor",
      from: { chartVersion: "1.1.0" },
      to: { chartVersion: "1.2.0" },
    });
    expect(plan.upgrade.values.strategy).toBe("reset-then-reuse");
    expect(plan.upgrade.manifestDiff.imageChanges).toHaveLength(1);
    expect(
      plan.upgrade.availableVersions.find((v) => v.chartVersion === "2.1.0-rc.1")?.preRelease,
    ).toBe(true);
    expect(plan.risk.level).toBe("medium");
    expect(plan.warnings).toEqual([]);
    expect(plan.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("warns about a major version bump and rates it high", () => {
    const plan = planUpgrade(inputs("2.0.0"));
    if (!isPlan(plan)) throw new Error(plan.reason);
    expect(plan.warnings[0]).toBe(
      "2.0.0 is a new major version of webapp (from 1.1.0): read its release notes before approving.",
    );
    expect(plan.risk.level).toBe("high");
    expect(plan.risk.reasons[0]?.text).toMatch(/^major version bump \(1\.1\.0 → 2\.0\.0\)/);
  });

  it("goes to the newest stable version for latest, not the pre-release", () => {
    const plan = planUpgrade(inputs("2.0.0", { requested: "latest" }));
    expect(isPlan(plan) && plan.operation === "upgrade" && plan.upgrade.to.chartVersion).toBe(
      "2.0.0",
    );
  });

  it("reuses the values when the chart defaults did not change", () => {
    const op = upgradeOperation({
      release,
      chartRef: "fixtures/webapp",
      version: "1.2.0",
      strategy: "reuse",
      execution: EXECUTION,
    });
    const plan = planUpgrade(
      inputs("1.2.0", {
        newDefaults: defaults("1.1.0"),
        dryRun: passed(op, { manifest: current }),
      }),
    );
    if (!isPlan(plan) || plan.operation !== "upgrade") throw new Error("expected an upgrade plan");
    expect(plan.command.argv).toContain("--reuse-values");
    expect(plan.upgrade.values.reason).toMatch(/identical in 1.1.0 and 1.2.0/);
  });

  it("turns a dry-run the chart schema rejects into a one-sentence refusal with what would work", () => {
    const op = upgradeOperation({
      release,
      chartRef: "fixtures/webapp",
      version: "2.0.0",
      strategy: "reset-then-reuse",
      execution: EXECUTION,
    });
    const stderr =
      "Error: UPGRADE FAILED: values don't meet the specifications of the schema(s) in the following chart(s):\nwebapp:\n- at '/replicaCount': false schema";
    const renamed = { replicas: 2, image: { tag: "2.0.0" }, auth: { password: "s3cr3t-default" } };
    const refusal = planUpgrade(
      inputs("2.0.0", { newDefaults: renamed, dryRun: rejected(op, stderr) }),
    );
    expect(refusal).toMatchObject({
      kind: "refusal",
      code: "values_rejected_by_schema",
      reason:
        "The values do not fit the schema of webapp 2.0.0 (values.schema.json): replicaCount.",
      detail: stderr,
    });
    // The move explains the complaint about replicaCount, so the schema's own fix is left out.
    expect(refusal.kind === "refusal" && refusal.suggestions).toEqual([
      "webapp 2.0.0 renamed replicaCount to replicas: move your value (helm upgrade … --version 2.0.0 --reset-then-reuse-values --set replicas=1 --set replicaCount=null)",
      "upgrade web to 1.2.0 (the newest 1.x)",
    ]);
  });

  it("says so when the API server, not helm, rejected the rendered objects", () => {
    const op = upgradeOperation({
      release,
      chartRef: "fixtures/webapp",
      version: "1.2.0",
      strategy: "reset-then-reuse",
      execution: EXECUTION,
    });
    const stderr =
      "Error from server: failed to create typed patch object (shop/web; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string";
    expect(
      planUpgrade(inputs("1.2.0", { dryRun: rejected(op, stderr, "kube_rejected") })),
    ).toMatchObject({
      code: "dry_run_rejected",
      reason:
        "The dry-run of webapp 1.2.0 was rejected by the API server: failed to create typed patch object (shop/web; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string.",
    });
  });

  it("retries a failed upgrade at its own version instead of calling it done", () => {
    const op = upgradeOperation({
      release,
      chartRef: "fixtures/webapp",
      version: "1.1.0",
      strategy: "reuse",
      execution: EXECUTION,
    });
    const plan = planUpgrade(
      inputs("1.1.0", {
        summary: summary({ chart: "webapp-1.1.0", app_version: "1.1.0", status: "failed" }),
        status: status({
          status: "failed",
          description: 'Upgrade "web" failed: timed out',
          manifest: current,
        }),
        newDefaults: defaults("1.1.0"),
        dryRun: passed(op, { manifest: current }),
      }),
    );
    if (!isPlan(plan) || plan.operation !== "upgrade") throw new Error(JSON.stringify(plan));
    expect(plan.upgrade.targetReason).toBe("1.1.0 was asked for; it retries the failed 1.1.0");
    expect(plan.warnings).toContain('The release is failed now: Upgrade "web" failed: timed out');
  });

  it("refuses an unknown version and offers the nearest ones", () => {
    expect(planUpgrade(inputs("1.5.0"))).toMatchObject({
      kind: "refusal",
      code: "version_not_found",
      reason: "webapp has no version 1.5.0 in repository fixtures.",
      suggestions: ["upgrade web to 1.2.0", "upgrade web to 2.0.0"],
    });
  });

  it("refuses when no configured repository has the chart, saying how to add it", () => {
    const refusal = planUpgrade(inputs("1.2.0", { searchHits: [] }));
    expect(refusal).toMatchObject({ kind: "refusal", code: "chart_not_in_repository" });
    expect(refusal.kind === "refusal" && refusal.suggestions[0]).toMatch(/helm repo add/);
  });

  it("refuses an upgrade to the version the release already runs", () => {
    expect(planUpgrade(inputs("1.1.0"))).toMatchObject({
      kind: "refusal",
      code: "already_at_version",
    });
  });

  it("never puts a chart default password into the plan", () => {
    const plan = planUpgrade(
      inputs("1.2.0", {
        status: status({ config: { auth: { password: "s3cr3t-default" } }, manifest: current }),
      }),
    );
    expect(JSON.stringify(plan)).not.toContain("s3cr3t-default");
  });

  it("is plain JSON: it survives a round trip unchanged", () => {
    const plan = planUpgrade(inputs("1.2.0"));
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it("refuses to show a command other than the one that was dry-run", () => {
    const other = upgradeOperation({
      release,
      chartRef: "fixtures/webapp",
      version: "1.0.0",
      strategy: "reuse",
      execution: EXECUTION,
    });
    expect(() => planUpgrade(inputs("1.2.0", { dryRun: passed(other) }))).toThrow(
      /another command/,
    );
  });
});
