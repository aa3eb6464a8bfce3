// The Kubernetes API server stopped during a plan and during validation (issue 14). The bot talks
// to a second real kube-apiserver on the test cluster's etcd, which is killed (connection
// refused) or frozen (SIGSTOP: the kernel accepts connections, nobody answers); the shared API
// server, which the test uses to set up and to watch, is never touched. Whatever happens, the
// thread says clearly that the cluster API is unreachable within the configured deadline, nothing
// is queued or left locked, and once the API server is back everything works without a restart.
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { EXECUTION_QUEUE_NAME } from "../../../src/exec/execution-job.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { KubectlClient } from "../../../src/kube/kubectl-client.ts";
import { codedErrorInfo } from "../../../src/plan/refuse.ts";
import { releaseLockKey } from "../../../src/store/release-lock.ts";
import { BOB, type Harness, installWebapp, startHarness, textOf } from "../../e2e/e2e-support.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { type SecondApiServer, startSecondApiServer } from "../../support/second-apiserver.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";

// The bot's configured deadlines: helm's reads (HELM_TIMEOUT_MS), the worker's validation, and
// how long the validation waits out an unreachable API server. Reads get more than the 10 s TLS
// handshake timeout of helm and kubectl, which is what a frozen API server meets first.
const READ_DEADLINE_MS = 12_000;
const VALIDATION_DEADLINE_MS = 25_000;
const OUTAGE_GRACE_MS = 12_000;
// What the bot, fake Slack and a loaded CI machine may add on top of a deadline.
const SLACK_MARGIN_MS = 5_000;

// What a person must never see: a stack frame, or anything of the kubeconfig's credentials.
const STACK_FRAME = /^\s+at .+[(:]\d+/m;
const CREDENTIALS = /BEGIN [A-Z ]*PRIVATE KEY|client-key-data|client-certificate-data|s3cr3t/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the Kubernetes API server stopped", () => {
  let api: SecondApiServer;
  let setupHelm: HelmClient;
  let h: Harness;
  let namespace: string;
  const startTimes: number[] = [];

  beforeAll(async () => {
    api = await startSecondApiServer();
    startTimes.push(api.startMs);
    namespace = await createNamespace("fault-api");
    // Set up through the shared API server: only the bot's view of the cluster goes down.
    setupHelm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    await Promise.all(
      ["shop", "cart", "till"].map((release) => installWebapp(setupHelm, release, namespace)),
    );
    const botHelm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"), {
      kubeconfig: api.kubeconfig,
      timeoutMs: READ_DEADLINE_MS,
    });
    h = await startHarness("apidown", botHelm, {
      kubeconfig: api.kubeconfig,
      kubectlTimeoutMs: READ_DEADLINE_MS,
      // helm returns at once; the worker's validation does the waiting (and meets the outage).
      wait: false,
      timeoutSeconds: 30,
      // A crash loop keeps the validation polling to its deadline instead of settling early.
      worker: {
        validationTimeoutMs: VALIDATION_DEADLINE_MS,
        settleMs: 10 * VALIDATION_DEADLINE_MS,
        outageGraceMs: OUTAGE_GRACE_MS,
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await api?.close();
    if (namespace) await deleteNamespace(namespace);
    console.log(`second kube-apiserver ready in ${startTimes.join(", ")} ms`);
  });

  let outage: "killed" | "frozen" | null = null;
  function stop(how: "killed" | "frozen"): Promise<void> | void {
    outage = how;
    if (how === "killed") return api.kill();
    api.freeze();
  }
  // A killed API server is started again on its port; a frozen one is let go on (SIGCONT).
  async function restore(): Promise<void> {
    const how = outage;
    outage = null;
    if (how === "frozen") await api.thaw();
    else if (how === "killed") startTimes.push(await api.restart());
  }
  // A failed test leaves the API server as the next one expects it.
  afterEach(restore);

  async function queuedJobs(): Promise<number> {
    const queue = new Queue(EXECUTION_QUEUE_NAME, {
      connection: { url: env.redisUrl },
      prefix: h.prefix,
    });
    try {
      const counts = await queue.getJobCounts();
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    } finally {
      await queue.close();
    }
  }

  // The first bot answer in the thread that is more than "Planning…", and how long it took.
  async function answer(thread: string, since: number, timeoutMs: number) {
    const message = await h.reply(
      thread,
      // A plan too: when the API server froze too late to matter, the test says so.
      /Not planned|Could not answer|Something went wrong|== Plan:/,
      timeoutMs,
    );
    const ms = Math.round(performance.now() - since);
    h.dump(thread);
    return { text: textOf(message), ms };
  }

  function expectClearOutage(text: string): void {
    expect(text, "the plan was made before the API server stopped").not.toContain("== Plan:");
    expect(text).toMatch(/Kubernetes API server/);
    expect(text).toMatch(/cannot be reached|did not answer|unreachable/i);
    expect(text).not.toMatch(STACK_FRAME);
    expect(text).not.toMatch(CREDENTIALS);
  }

  describe("during a plan", () => {
    for (const how of ["killed", "frozen"] as const) {
      it(`says so when the API server is ${how}, within the read deadline, and queues nothing`, async () => {
        // A read first, so the request is read from the cached inventory and reaches the planner.
        const warm = await h.ask(`status shop -n ${namespace}`);
        await h.reply(warm, /deployed/);
        await stop(how);
        const asked = performance.now();
        const thread = await h.ask(`upgrade shop -n ${namespace} to 1.1.0`);
        const { text, ms } = await answer(thread, asked, READ_DEADLINE_MS + SLACK_MARGIN_MS);
        console.log(`plan with the API server ${how}: answered in ${ms} ms`);
        expect(text).toMatch(/Not planned: upgrade shop/);
        expectClearOutage(text);
        expect(ms).toBeLessThan(READ_DEADLINE_MS + SLACK_MARGIN_MS);
        expect((await h.bot.store.openPlans()).records).toEqual([]);
        expect(await queuedJobs()).toBe(0);
        await restore();
      });
    }

    it("says so when the API server freezes while the plan is being made", async () => {
      const thread = await h.ask(`upgrade shop -n ${namespace} to 1.1.0`);
      await h.reply(thread, /Planning/);
      await stop("frozen");
      const frozen = performance.now();
      const { text, ms } = await answer(thread, frozen, READ_DEADLINE_MS + SLACK_MARGIN_MS);
      console.log(`plan with the API server frozen mid-plan: answered ${ms} ms after the freeze`);
      expectClearOutage(text);
      expect(ms).toBeLessThan(READ_DEADLINE_MS + SLACK_MARGIN_MS);
      expect((await h.bot.store.openPlans()).records).toEqual([]);
      expect(await queuedJobs()).toBe(0);
      await restore();
    });
  });

  describe("helm and kubectl on a frozen API server", () => {
    const SHORT_DEADLINE_MS = 3_000;
    // A deadline shorter than the TLS handshake timeout: only Wheelhouse's own deadline ends these.
    it("are stopped at the caller's deadline and say the API server did not answer", async () => {
      const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"), {
        kubeconfig: api.kubeconfig,
        timeoutMs: SHORT_DEADLINE_MS,
      });
      const kube = new KubectlClient({ bin: env.kubectlBin, kubeconfig: api.kubeconfig });
      const release = { name: "shop", namespace };
      await stop("frozen");
      const timed = async (what: Promise<unknown>) => {
        const started = performance.now();
        const error = await what.then(
          () => null,
          (e: unknown) => e,
        );
        return { error: codedErrorInfo(error), ms: Math.round(performance.now() - started) };
      };
      const [status, dryRun, get] = await Promise.all([
        timed(helm.status(release)),
        // helm answers SIGTERM on a dry run with "cancelled" and goes on waiting.
        timed(
          helm.mutate({
            kind: "upgrade",
            release,
            chart: "fixtures/webapp",
            version: "1.1.0",
            valuesStrategy: "reset-then-reuse",
            dryRun: true,
          }),
        ),
        timed(
          kube.getOne(
            { resource: "deployments.apps", namespace, name: "shop" },
            { signal: AbortSignal.timeout(SHORT_DEADLINE_MS) },
          ),
        ),
      ]);
      console.log(`frozen: status ${status.ms} ms, dry run ${dryRun.ms} ms, kubectl ${get.ms} ms`);
      expect(status.error.code).toBe("helm_cluster_unreachable");
      expect(status.error.message).toMatch(/no answer from the Kubernetes API server within \ds/);
      expect(dryRun.error.code).toBe("helm_timeout");
      expect(get.error.code).toBe("kube_timeout");
      for (const { ms } of [status, dryRun, get]) expect(ms).toBeLessThan(SHORT_DEADLINE_MS + 1500);
      await restore();
    });
  });

  describe("during the validation of an approved upgrade", () => {
    // Waits, through the shared API server, until helm has written the new revision: from then
    // on the worker is validating.
    async function untilHelmFinished(release: string, revision: number): Promise<void> {
      for (;;) {
        const history = await setupHelm.history({ name: release, namespace });
        if (history.some((r) => r.revision === revision && r.status === "deployed")) return;
        await sleep(200);
      }
    }

    // Plans an upgrade to webapp 1.2.0 (it crash-loops: the validation would poll to its
    // deadline), approves it, and stops the API server once the worker is validating.
    async function upgradeThenStop(release: string, how: "killed" | "frozen") {
      const thread = await h.ask(`upgrade ${release} -n ${namespace} to 1.2.0`);
      const { id, message } = await h.plan(thread);
      expect((await h.approve(id, BOB, message)).status).toBe(200);
      await untilHelmFinished(release, 2);
      // Past helm status, into the polling of the workloads.
      await sleep(1500);
      await stop(how);
      return { thread, id, stopped: performance.now() };
    }

    async function expectEnded(release: string, id: string, state: string): Promise<void> {
      expect((await h.bot.store.get(id))?.state).toBe(state);
      // The report is written under the lock (fenced), which is let go right after it.
      const lock = releaseLockKey({ name: release, namespace }, h.prefix);
      const until = performance.now() + 5_000;
      while ((await h.redis.exists(lock)) === 1 && performance.now() < until) await sleep(50);
      expect(await h.redis.exists(lock)).toBe(0);
    }

    const cases = [
      { how: "killed", release: "shop" },
      { how: "frozen", release: "cart" },
    ] as const;
    for (const { how, release } of cases) {
      it(`reports the unchecked result when the API server stays ${how}, ends the plan and frees the lock`, async () => {
        const { thread, id, stopped } = await upgradeThenStop(release, how);
        const result = await h.result(thread, id, VALIDATION_DEADLINE_MS + SLACK_MARGIN_MS);
        const ms = Math.round(performance.now() - stopped);
        console.log(`validation with the API server ${how}: reported ${ms} ms after the stop`);
        h.dump(thread);
        const text = textOf(result);
        expect(text).toMatch(/ran, but its result could not be checked/);
        expectClearOutage(text);
        expect(text).toContain(`status ${release} -n ${namespace}`);
        // It waited for the API server to come back, then gave up well before the deadline.
        expect(ms).toBeGreaterThanOrEqual(OUTAGE_GRACE_MS - 1000);
        expect(ms).toBeLessThan(VALIDATION_DEADLINE_MS + SLACK_MARGIN_MS);
        await expectEnded(release, id, "failed");
        await restore();
      });
    }

    it("carries on when the API server is back within the grace, to a real verdict", async () => {
      const { thread, id } = await upgradeThenStop("till", "killed");
      await restore();
      const result = await h.result(thread, id, VALIDATION_DEADLINE_MS + SLACK_MARGIN_MS);
      h.dump(thread);
      const text = textOf(result);
      expect(text).toContain("helm finished, but the release is not healthy");
      expect(text).toMatch(/CrashLoopBackOff/);
      expect(text).not.toMatch(/could not be checked/);
      await expectEnded("till", id, "failed");
    });
  });

  it("plans and validates again once the API server is back, without a restart", async () => {
    const ready = await fetch(`http://127.0.0.1:${h.bot.observabilityPort}/readyz`);
    expect(ready.status).toBe(200);
    const thread = await h.ask(`upgrade shop -n ${namespace} to 1.1.0`);
    const { id, message } = await h.plan(thread);
    expect((await h.approve(id, BOB, message)).status).toBe(200);
    const result = await h.result(thread, id, VALIDATION_DEADLINE_MS + SLACK_MARGIN_MS);
    expect(textOf(result)).toContain("done and healthy");
    expect((await h.bot.store.get(id))?.state).toBe("succeeded");
  });
});
