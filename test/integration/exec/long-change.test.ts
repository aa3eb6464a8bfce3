// One source of truth for how long a change may take: the plan's helm --timeout. Scaled down
// for CI: reads keep a 2 s deadline (as HELM_TIMEOUT_MS once applied to everything: 120 s), and
// a change whose pre-upgrade hook takes about 4 s, well within its --timeout of 10 s, completes,
// where the old fixed deadline killed helm mid-hook and left the release broken.
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { runHelm } from "../../../src/helm/run-helm.ts";
import { HelmTimeoutError } from "../../../src/model/helm-errors.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm, isolatedHelmEnv } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import {
  approveAs,
  installHooked,
  type Pipeline,
  startPipeline,
  storedPlan,
} from "./exec-test-support.ts";

const READ_DEADLINE_MS = 2000;
const SLOW_HOOK = { "hook.readyDelay": "3s" };

describe("a change longer than the read deadline", () => {
  let p: Pipeline;
  let helm: HelmClient;
  let namespace: string;

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"), {
      timeoutMs: READ_DEADLINE_MS,
    });
    namespace = await createNamespace("exec-long");
    p = await startPipeline("exec-long", helm);
    await Promise.all(["slow", "control"].map((name) => installHooked(helm, { name, namespace })));
  });
  afterAll(async () => {
    await p?.close();
    await deleteNamespace(namespace);
  });

  it("completes within its --timeout, and the plan shows the limits it ran under", async () => {
    const release = { name: "slow", namespace };
    const record = await storedPlan(
      p,
      release,
      { operation: "set-values", set: SLOW_HOOK },
      { wait: false, timeoutSeconds: 10 },
    );
    expect(record.plan.limits).toEqual({ timeoutSeconds: 10, wait: false, deadlineSeconds: 50 });
    expect(record.plan.command.argv).toEqual(expect.arrayContaining(["--timeout", "10s"]));
    await approveAs(p, record.id);
    const done = await p.notifier.finishedRecord(record.id, 60_000);
    expect(done.state).toBe("succeeded");
    const ranMs =
      Date.parse(done.execution?.finishedAt ?? "") - Date.parse(done.execution?.startedAt ?? "");
    expect(ranMs).toBeGreaterThan(READ_DEADLINE_MS + 1000);
    expect(await helm.status(release)).toMatchObject({ version: 2, info: { status: "deployed" } });
  });

  it("would have been killed by the old fixed deadline, leaving the release broken", async () => {
    const release = { name: "control", namespace };
    const record = await storedPlan(
      p,
      release,
      { operation: "set-values", set: SLOW_HOOK },
      { wait: false, timeoutSeconds: 10 },
    );
    // The same argv, run the way every helm call was: one deadline for reads and changes alike.
    const helmEnv = { ...(await isolatedHelmEnv()), KUBECONFIG: env.kubeconfig };
    await execa(env.helm4Bin, ["repo", "add", "fixtures", inject("chartRepoUrl")], {
      env: helmEnv,
    });
    const old = runHelm(record.plan.command.argv, {
      bin: env.helm4Bin,
      env: helmEnv,
      timeoutMs: READ_DEADLINE_MS,
    });
    await expect(old).rejects.toBeInstanceOf(HelmTimeoutError);
    const status = (await helm.status(release)).info.status;
    expect(["pending-upgrade", "failed"]).toContain(status);
    console.info(`long change: the old deadline left the release ${status}`);
  });
});
