// `wheelhouse plan` against the real cluster: the message read by the intent rules, the plan made
// from the live release, printed for people or as JSON.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type PlanCommandHelm, planCommand } from "../../../src/cli/plan-command.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { analyzeIntent } from "../../../src/intent/analyze-intent.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { CHART_SECRET, testKube } from "./plan-test-support.ts";

describe("wheelhouse plan", () => {
  let helm: HelmClient;
  let namespace: string;

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    // The inventory of this file's namespace: the whole cluster holds other files' releases too.
    const scoped: PlanCommandHelm = Object.assign(Object.create(helm), {
      list: () => helm.list({ namespace }),
    });
    const code = await planCommand(args, {
      helm: async () => scoped,
      kube: () => testKube(),
      analyze: async (text, inventory) => (await analyzeIntent(text, inventory)).intent,
      now: () => new Date(),
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("plan-cli");
    await helm.mutate({
      kind: "install",
      release: { name: "storefront", namespace },
      chart: "fixtures/webapp",
      version: "1.0.0",
      wait: true,
      timeoutSeconds: 90,
    });
  });
  afterAll(() => deleteNamespace(namespace));

  it("prints the plan for people: state, command, dry-run, risk and what changes", async () => {
    const { code, out } = await run(`upgrade storefront in ${namespace} to 1.1.0`);
    expect(code).toBe(0);
    expect(out).toContain(`PLAN upgrade storefront in ${namespace} — risk MEDIUM`);
    expect(out).toContain(
      `command   helm upgrade storefront --namespace ${namespace} fixtures/webapp --version 1.1.0 --reset-then-reuse-values`,
    );
    expect(out).toContain("the API server accepted 4 objects");
    expect(out).toContain(
      "image Deployment storefront/web: registry.example.com/webapp:1.0.0 → registry.example.com/webapp:1.1.0",
    );
    expect(out).not.toContain(CHART_SECRET);
  });

  it("prints the plan as JSON with --json", async () => {
    const { code, out } = await run("--json", `rollback storefront in ${namespace}`);
    expect(code).toBe(3);
    expect(JSON.parse(out)).toMatchObject({ kind: "refusal", code: "no_rollback_target" });
  });

  it("says what would work when nothing can be planned", async () => {
    const { code, out } = await run(`upgrade storefront in ${namespace} to 7.0.0`);
    expect(code).toBe(3);
    expect(out).toBe(
      [
        `NOT PLANNED: upgrade storefront in ${namespace}`,
        "webapp has no version 7.0.0 in repository fixtures.",
        "instead:",
        "  - upgrade storefront to 2.0.0",
      ].join("\n"),
    );
  });

  it("prints its usage for an empty request", async () => {
    const { code, err } = await run("--json");
    expect(code).toBe(2);
    expect(err).toMatch(/^usage: wheelhouse plan/);
  });
});
