// SIGTERM on a real `wheelhouse start --role worker` while helm runs an upgrade, signalled the
// way a kubelet signals a pod (the process, not its children): the worker takes no new job,
// lets the running helm finish, reports the result in the thread, and only then exits 0.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { clusterKeyPrefix } from "../../../src/model/cluster-name.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack-api.ts";
import { createTestHelm, isolatedHelmEnv } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { TEST_PLAN_KEY } from "../../support/test-plan-key.ts";
import { createTestRedis, type TestRedis } from "../store/redis-test-support.ts";
import {
  approveAs,
  CHANNEL,
  installHooked,
  type Pipeline,
  startPipeline,
  storedPlan,
  waitUntil,
} from "./exec-test-support.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");

async function workerEnv(cluster: string, slack: FakeSlack): Promise<NodeJS.ProcessEnv> {
  const helmEnv = await isolatedHelmEnv();
  await execa(env.helm4Bin, ["repo", "add", "fixtures", inject("chartRepoUrl")], {
    env: helmEnv,
  });
  return {
    ...process.env,
    ...helmEnv,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: env.redisUrl,
    WHEELHOUSE_PLAN_KEY: TEST_PLAN_KEY,
    WHEELHOUSE_CLUSTER: cluster,
    HELM_BIN: env.helm4Bin,
    KUBECTL_BIN: env.kubectlBin,
    KUBECONFIG: env.kubeconfig,
    LOG_LEVEL: "info",
    // Any free port: tests run side by side.
    WHEELHOUSE_METRICS_PORT: "0",
  };
}

describe("a worker told to stop mid-upgrade", () => {
  const cluster = `sigterm-${randomBytes(3).toString("hex")}`;
  let test: TestRedis;
  let p: Pipeline;
  let slack: FakeSlack;
  let namespace: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    test = createTestRedis("sigterm", { prefix: clusterKeyPrefix(cluster) });
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("exec-sigterm");
    // The test's own side of the cluster (store, queue); its in-process worker is not wanted.
    p = await startPipeline("sigterm", helm, {}, { cluster, test });
    await p.worker.close();
    slack = await startFakeSlack({});
    await Promise.all(
      ["graceful", "later"].map((name) => installHooked(helm, { name, namespace })),
    );
  });
  afterAll(async () => {
    if (child?.exitCode === null) child.kill("SIGKILL");
    await p?.close();
    await test?.cleanup();
    await slack?.close();
    await deleteNamespace(namespace);
  });

  it("lets the running upgrade finish and report, takes no new job, then exits 0", async () => {
    const release = { name: "graceful", namespace };
    const record = await storedPlan(
      p,
      release,
      { operation: "set-values", set: { "hook.readyDelay": "4s" } },
      { wait: false, timeoutSeconds: 30 },
    );
    await approveAs(p, record.id);
    const started = Date.now();
    const worker = spawn(process.execPath, ["src/cli/main.ts", "start", "--role", "worker"], {
      cwd: ROOT,
      env: await workerEnv(cluster, slack),
      stdio: ["ignore", "pipe", "inherit"],
    });
    child = worker;
    const logs: Array<{ msg?: string; at: number }> = [];
    worker.stdout?.setEncoding("utf8");
    worker.stdout?.on("data", (chunk: string) => {
      for (const line of chunk.split("\n").filter(Boolean)) {
        logs.push({ ...JSON.parse(line), at: Date.now() });
      }
    });
    const exited = new Promise<number | null>((resolve) => worker.once("exit", resolve));
    await waitUntil("the upgrade to be running", async () => {
      const state = (await p.store.get(record.id))?.state;
      return (
        state === "running" && (await p.helm.status(release)).info.status === "pending-upgrade"
      );
    });
    const runningAt = Date.now();
    worker.kill("SIGTERM");
    const signalledAt = Date.now();
    // Approved after the signal: a stopping worker must leave it to the next one.
    const later = await storedPlan(
      p,
      { name: "later", namespace },
      {
        operation: "set-values",
        set: { "hook.readyDelay": "1s" },
      },
    );
    await approveAs(p, later.id);

    const code = await exited;
    const exitedAt = Date.now();
    expect(code).toBe(0);
    const done = await p.store.get(record.id);
    expect(done?.state).toBe("succeeded");
    expect(Date.parse(done?.execution?.finishedAt ?? "")).toBeGreaterThan(signalledAt);
    expect(Date.parse(done?.execution?.finishedAt ?? "")).toBeLessThanOrEqual(exitedAt);
    expect(await p.helm.status(release)).toMatchObject({
      version: 2,
      info: { status: "deployed" },
    });
    // The thread got the result, not an interruption.
    const replies = slack.thread(CHANNEL, record.context.threadTs);
    expect(replies.map((m) => m.text).join("\n")).toContain("done and healthy");
    // The plan approved after the signal waits, untouched, for the next worker.
    expect((await p.store.get(later.id))?.state).toBe("approved");
    expect(await p.queue.jobState(later.id)).toBe("waiting");
    const msgs = logs.map((l) => l.msg);
    expect(msgs).toContain("shutting down");
    expect(
      msgs.indexOf("execution worker stopping: no new jobs; finishing the running ones"),
    ).toBeLessThan(msgs.indexOf("execution worker stopped"));
    console.info(
      `sigterm: worker up and running the upgrade after ${runningAt - started} ms; exited ${exitedAt - signalledAt} ms after SIGTERM`,
    );
  });
});
