// A worker SIGKILLed while it runs `helm upgrade`, 20 times at seeded random points: before helm
// wrote anything, while the release is pending-upgrade (the pre-upgrade hook runs), and after
// helm finished (validation). Each time the next worker finds the plan "running", runs nothing
// again, and tells the thread (the real Slack notifier, against the fake Slack) what was found:
// a stuck release gets a recovery plan, which then runs; a finished upgrade is reported as done.
// The proof of "never twice": helm's revisions, the audit stream and the plan's transitions.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from "vitest";
import { type ExecutionWorker, startExecutionWorker } from "../../../src/exec/execution-worker.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import type { ReleaseDetail } from "../../../src/model/helm-output-schemas.ts";
import type { PlanRecord } from "../../../src/model/plan-record.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { type FakeMessage, type FakeSlack, startFakeSlack } from "../../support/fake-slack-api.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import {
  approveAs,
  CHANNEL,
  installHooked,
  type Pipeline,
  releaseLockOf,
  startPipeline,
  storedPlan,
  waitUntil,
} from "../exec/exec-test-support.ts";
import {
  auditTypesOf,
  executionMessages,
  faultSeed,
  helmProcessesOf,
  planMessage,
  seededRandom,
  slackNotifier,
} from "./fault-support.ts";

const KILLS = Number(process.env.FAULT_KILLS ?? 20);
const PHASES = ["before helm starts", "pending-upgrade", "after helm finished"] as const;
type Phase = (typeof PHASES)[number];

interface KillableWorker {
  child: ChildProcess;
  seen(event: string): Promise<void>;
  events: string[];
  kill(): Promise<void>;
}

function spawnWorker(
  p: Pipeline,
  slack: FakeSlack,
  extraEnv: NodeJS.ProcessEnv = {},
): KillableWorker {
  const child = spawn(process.execPath, [`${import.meta.dirname}/killable-worker.ts`], {
    env: {
      ...process.env,
      FAULT_PREFIX: p.test.prefix,
      FAULT_CHART_REPO: inject("chartRepoUrl"),
      FAULT_SLACK_API_URL: slack.apiUrl,
      FAULT_SLACK_TOKEN: slack.token,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "inherit"],
    // Its own process group: helm dies with it, as in a pod killed by the kubelet.
    detached: true,
  });
  const events: string[] = [];
  const waiters: Array<{ event: string; resolve: () => void; reject: (e: Error) => void }> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    const event = String(JSON.parse(line).event);
    events.push(event);
    for (const w of waiters) if (w.event === event) w.resolve();
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      for (const w of waiters) w.reject(new Error(`the worker exited (${code ?? signal})`));
      resolve();
    }),
  );
  return {
    child,
    events,
    seen: (event) =>
      events.includes(event)
        ? Promise.resolve()
        : new Promise((resolve, reject) => waiters.push({ event, resolve, reject })),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-(child.pid ?? 0), "SIGKILL");
      }
      await exited;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function textOf(m: FakeMessage): string {
  return `${m.text}\n${JSON.stringify(m.blocks)}`;
}

describe("a worker SIGKILLed during helm upgrade, at random points", () => {
  const seed = faultSeed();
  const random = seededRandom(seed);
  let p: Pipeline;
  let helm: HelmClient;
  let slack: FakeSlack;
  let namespace: string;
  const tally = new Map<string, number>();
  const release = () => ({ name: "target", namespace });

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("fault-sigkill");
    slack = await startFakeSlack({});
    p = await startPipeline("fault-sigkill", helm, { stalledIntervalMs: 500 });
    // Jobs go to the killable worker; a rescuer starts only once it is dead.
    await p.worker.close();
    await installHooked(helm, release());
  });
  afterAll(async () => {
    console.info(
      `sigkill: seed ${seed}; kills by what they interrupted: ${JSON.stringify(Object.fromEntries(tally))}`,
    );
    await p?.close();
    await slack?.close();
    await deleteNamespace(namespace);
  });

  // Waits for the phase to begin, then a seeded random part of it.
  async function reachPhase(phase: Phase, fromRevision: number): Promise<number> {
    if (phase === "before helm starts") {
      const delay = Math.round(random() * 150);
      await sleep(delay);
      return delay;
    }
    const wanted = phase === "pending-upgrade" ? "pending-upgrade" : "deployed";
    await waitUntil(`the release to be ${wanted} at revision ${fromRevision + 1}`, async () => {
      const status = await helm.status(release());
      return status.version === fromRevision + 1 && status.info.status === wanted;
    });
    // The hook takes a second or more; validation waits a second or so for the new pod.
    const delay = Math.round(random() * 600);
    await sleep(delay);
    return delay;
  }

  // The worker that takes the stalled job: the product's, with the real Slack notifier.
  function rescue(record: PlanRecord): ExecutionWorker {
    return startExecutionWorker({
      ...p.workerOptions,
      notifier: slackNotifier(slack, p.store, p.test),
      concurrency: 1,
      stalledIntervalMs: 500,
      lockWaitMs: 20_000,
      validation: { pollMs: 250, settleMs: 1000 },
      validationTimeoutMs: 20_000,
      log: (line) => {
        if ("error" in line) console.info(`rescuer of ${record.id}:`, JSON.stringify(line));
      },
    });
  }

  interface Kill {
    record: PlanRecord;
    done: PlanRecord;
    // The thread's message about the run, as text.
    report: string;
    atKill: ReleaseDetail;
    // Revisions helm wrote for the plan (0 or 1).
    added: number;
    finishedFirst: boolean;
  }

  // What the thread must say, by what the kill interrupted; a stuck release's recovery runs.
  async function expectTheTruth({ record, done, report, atKill, added, finishedFirst }: Kill) {
    if (finishedFirst) {
      expect(done.state).toBe("succeeded");
      expect(report).toContain("done and healthy");
      return;
    }
    expect(done.state).toBe("interrupted");
    expect(report).toContain("interrupted");
    if (atKill.info.status === "pending-upgrade") {
      expect(report).toContain(`target is now pending-upgrade at revision ${atKill.version}`);
      await expectRecoveryRuns(record, done.execution?.rollbackPlanId ?? "");
    } else if (added === 1) {
      // helm had finished: the truth is that the change is in, checked in the cluster.
      expect(atKill.info.status).toBe("deployed");
      expect(report).toContain("helm had finished the upgrade");
      expect(done.execution?.validation?.healthy).toBe(true);
      expect(done.execution?.rollbackPlanId).toBeNull();
    } else {
      expect(report).toContain("helm had not started");
      expect(done.execution?.rollbackPlanId).toBeNull();
    }
  }

  // The recovery plan is in the thread, and the lock is free: it runs, the release is deployed.
  async function expectRecoveryRuns(record: PlanRecord, recoveryId: string) {
    expect(recoveryId).not.toBe("");
    await waitUntil(
      "the recovery plan in the thread",
      async () => planMessage(slack, CHANNEL, record.context.threadTs, recoveryId) !== undefined,
      10_000,
    );
    await approveAs(p, recoveryId);
    await waitUntil(
      "the recovery to succeed",
      async () => (await p.store.get(recoveryId))?.state === "succeeded",
      60_000,
    );
    expect((await helm.status(release())).info.status).toBe("deployed");
  }

  for (let i = 0; i < KILLS; i++) {
    const phase = PHASES[i % PHASES.length] as Phase;
    it(`kill ${i + 1}: ${phase}`, async () => {
      const latest = (await helm.history(release(), 1)).at(-1);
      const fromRevision = latest?.revision ?? 0;
      expect(latest?.status).toBe("deployed");
      const [worker, record] = await Promise.all([
        Promise.resolve(spawnWorker(p, slack)),
        storedPlan(
          p,
          release(),
          {
            operation: "set-values",
            // A new image each time: validation then waits for the new pod (a second or so).
            set: {
              "hook.readyDelay": `${1000 + i}ms`,
              image: `registry.example.com/hooked:1.0.${i + 1}`,
            },
          },
          { wait: false, timeoutSeconds: 30 },
        ),
      ]);
      onTestFinished(() => worker.kill());
      await worker.seen("ready");
      await approveAs(p, record.id);
      await worker.seen("started");
      const delay = await reachPhase(phase, fromRevision);
      const finishedFirst = worker.events.includes("finished");
      await worker.kill();
      // Its helm died with it: nothing is left running against the release.
      expect(await helmProcessesOf(env.helm4Bin, release())).toEqual([]);
      const atKill = await helm.status(release());
      const added = atKill.version - fromRevision;
      const found = finishedFirst ? "finished before the kill" : `${atKill.info.status}+${added}`;
      tally.set(found, (tally.get(found) ?? 0) + 1);
      console.info(`kill ${i + 1} (${phase}, +${delay} ms): ${found}`);
      expect(added === 0 || added === 1).toBe(true);

      const rescuer = rescue(record);
      try {
        await waitUntil(
          "the plan to be closed",
          async () => (await p.store.get(record.id))?.state !== "running",
          30_000,
        );
        const done = (await p.store.get(record.id)) as PlanRecord;
        // One message about the run: the dead worker's "Running…", turned into the result by
        // whichever worker reported it, once.
        const results = () => executionMessages(slack, CHANNEL, record.context.threadTs, record.id);
        await waitUntil(
          "the result in the thread",
          async () => results().some((m) => !/^Running/.test(m.text)),
          10_000,
        );
        expect(results()).toHaveLength(1);
        expect(results()[0]?.edits).toBe(1);
        const report = textOf(results()[0] as FakeMessage);
        // Never run twice: one revision at most, one start, one result.
        // (helm keeps the last 10 revisions: count the ones after the plan's.)
        const revisions = (await helm.history(release())).map((h) => h.revision);
        expect(revisions.filter((r) => r > fromRevision)).toHaveLength(added);
        const audit = await auditTypesOf(p, record.id);
        expect(audit.filter((t) => t === "execution_started")).toHaveLength(1);
        expect(audit.filter((t) => t === "execution_result")).toHaveLength(1);

        await expectTheTruth({ record, done, report, atKill, added, finishedFirst });
        expect(await releaseLockOf(p, release()).ttl()).toBe(-2);
        // The job ends (a worker killed after its report hands it back once more: nothing is
        // run or said again).
        await waitUntil(
          "the job to complete",
          async () => (await p.queue.jobState(record.id)) === "completed",
          10_000,
        );
        expect(results()).toHaveLength(1);
      } finally {
        await rescuer.close();
      }
    });
  }
  // The one point a random kill rarely hits: the plan closed in Redis, the thread not yet told.
  it("a kill between closing the plan and telling the thread: the next worker tells it", async () => {
    const [worker, record] = await Promise.all([
      Promise.resolve(spawnWorker(p, slack, { FAULT_HOLD_FINISHED: "1" })),
      storedPlan(
        p,
        release(),
        { operation: "set-values", set: { "hook.readyDelay": "1s" } },
        { wait: false, timeoutSeconds: 30 },
      ),
    ]);
    onTestFinished(() => worker.kill());
    await worker.seen("ready");
    await approveAs(p, record.id);
    await worker.seen("closed");
    await worker.kill();
    expect((await p.store.get(record.id))?.state).toBe("succeeded");
    const messages = () => executionMessages(slack, CHANNEL, record.context.threadTs, record.id);
    expect(messages().map((m) => m.text)).toEqual([expect.stringMatching(/^Running/)]);

    const rescuer = rescue(record);
    try {
      await waitUntil(
        "the job to complete",
        async () => (await p.queue.jobState(record.id)) === "completed",
        30_000,
      );
      await waitUntil("the result in the thread", async () => messages()[0]?.edits === 1, 10_000);
      expect(messages()).toHaveLength(1);
      expect(textOf(messages()[0] as FakeMessage)).toContain("done and healthy");
      const audit = await auditTypesOf(p, record.id);
      expect(audit.filter((t) => t === "execution_result")).toHaveLength(1);
    } finally {
      await rescuer.close();
    }
  });
});
