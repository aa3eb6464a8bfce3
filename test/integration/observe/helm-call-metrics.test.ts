// helm call duration by subcommand, timed around the real helm process; dry runs apart.
import { describe, expect, it } from "vitest";
import { type HelmCall, HelmClient } from "../../../src/helm/helm-client.ts";
import { Metrics } from "../../../src/observe/metrics.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";

describe("helm call metrics", () => {
  it("reports every helm process with its subcommand, duration and outcome", async () => {
    const calls: HelmCall[] = [];
    const metrics = new Metrics({ defaults: false });
    const helm = await HelmClient.create({
      bin: env.helm4Bin,
      kubeconfig: env.kubeconfig,
      timeoutMs: 30_000,
      onCall: (call) => {
        calls.push(call);
        const labels = { subcommand: call.subcommand, outcome: call.outcome };
        metrics.observe("wheelhouse_helm_call_duration_seconds", labels, call.seconds);
      },
    });
    await helm.list();
    await expect(helm.status({ name: "no-such-release", namespace: "default" })).rejects.toThrow();
    await expect(
      helm.mutate({
        kind: "rollback",
        release: { name: "no-such", namespace: "default" },
        dryRun: true,
      }),
    ).rejects.toThrow();
    expect(calls.map((c) => [c.subcommand, c.outcome])).toEqual([
      ["list", "ok"],
      ["status", "error"],
      ["rollback-dry-run", "error"],
    ]);
    expect(calls.every((c) => c.seconds > 0 && c.seconds < 30)).toBe(true);
    expect(await metrics.render()).toMatch(
      /^wheelhouse_helm_call_duration_seconds_count\{subcommand="list",outcome="ok"\} 1$/m,
    );
  });
});
