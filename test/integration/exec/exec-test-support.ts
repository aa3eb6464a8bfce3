// The execution pipeline on real parts for tests: Redis (own prefix), helm 4 on the test cluster
// with the fixture repository, the plan store, audit log, queue and worker, and an in-memory
// ExecutionNotifier (our own interface) that lets a test wait for a plan to finish.

import { approvePlan, type DecisionOutcome } from "../../../src/exec/approve-plan.ts";
import { createRollbackPlanner } from "../../../src/exec/create-rollback-planner.ts";
import type { ExecutionNotifier } from "../../../src/exec/execution-notifier.ts";
import { createExecutionQueue, type ExecutionQueue } from "../../../src/exec/execution-queue.ts";
import {
  type ExecutionWorker,
  type ExecutionWorkerOptions,
  startExecutionWorker,
} from "../../../src/exec/execution-worker.ts";
import { makePlan } from "../../../src/gather/make-plan.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { KubectlClient } from "../../../src/kube/kubectl-client.ts";
import { KubectlLogReader } from "../../../src/kube/kubectl-logs.ts";
import { emptyIntent, type Intent } from "../../../src/model/intent.ts";
import type { PlanRecord } from "../../../src/model/plan-record.ts";
import type { ReleaseRef } from "../../../src/model/release.ts";
import type { Execution } from "../../../src/plan/plan-inputs.ts";
import { AuditLog } from "../../../src/store/audit-log.ts";
import { PlanStore } from "../../../src/store/plan-store.ts";
import { interruptUpgrade } from "../../support/broken-states.ts";
import { OPEN_POLICY } from "../../support/open-policy.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { testPlanSigner } from "../../support/test-plan-key.ts";
import { createTestRedis, type TestRedis } from "../store/redis-test-support.ts";

export const CHANNEL = "C0SHOP";
// The webapp chart's default password: it must never reach a record, a report or the audit.
export const CHART_SECRET = "s3cr3t-default";

export interface NotifierEvent {
  event: "started" | "finished" | "expired";
  record: PlanRecord;
  at: number;
}

export class RecordingNotifier implements ExecutionNotifier {
  readonly events: NotifierEvent[] = [];
  private readonly waiters: Array<{
    planId: string;
    event: NotifierEvent["event"];
    resolve: (r: PlanRecord) => void;
  }> = [];

  async started(record: PlanRecord): Promise<void> {
    this.record("started", record);
  }

  async finished(record: PlanRecord): Promise<void> {
    this.record("finished", record);
  }

  async expired(record: PlanRecord): Promise<void> {
    this.record("expired", record);
  }

  private record(event: NotifierEvent["event"], record: PlanRecord): void {
    this.events.push({ event, record, at: Date.now() });
    for (const w of this.waiters)
      if (w.planId === record.id && w.event === event) w.resolve(record);
  }

  of(planId: string): NotifierEvent[] {
    return this.events.filter((e) => e.record.id === planId);
  }

  // Resolves with the record of the plan's next (or past) event of this kind.
  when(planId: string, event: NotifierEvent["event"], timeoutMs = 90_000): Promise<PlanRecord> {
    const past = this.events.find((e) => e.event === event && e.record.id === planId);
    if (past) return Promise.resolve(past.record);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`plan ${planId}: no ${event} in ${timeoutMs}ms`)),
        timeoutMs,
      );
      this.waiters.push({
        planId,
        event,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  finishedRecord(planId: string, timeoutMs = 90_000): Promise<PlanRecord> {
    return this.when(planId, "finished", timeoutMs);
  }
}

export interface Pipeline {
  test: TestRedis;
  helm: HelmClient;
  kube: KubectlClient;
  logs: KubectlLogReader;
  store: PlanStore;
  audit: AuditLog;
  auditLines: object[];
  queue: ExecutionQueue;
  worker: ExecutionWorker;
  // The worker's options, for a reconciler (or a second worker) over the same parts.
  workerOptions: ExecutionWorkerOptions;
  notifier: RecordingNotifier;
  planRollback: (record: PlanRecord) => Promise<string | null>;
  close(): Promise<void>;
}

export function pipelineOptions(helm: HelmClient) {
  return {
    kube: new KubectlClient({ bin: env.kubectlBin, kubeconfig: env.kubeconfig }),
    logs: new KubectlLogReader({ bin: env.kubectlBin, kubeconfig: env.kubeconfig }),
    helm,
  };
}

export async function startPipeline(
  label: string,
  helm: HelmClient,
  overrides: Partial<ExecutionWorkerOptions> = {},
  shared: { cluster?: string; test?: TestRedis } = {},
): Promise<Pipeline> {
  // Another pipeline's Redis (same prefix: deployments sharing keys); it cleans up, not this one.
  const test = shared.test ?? createTestRedis(label);
  const cluster = shared.cluster ?? "local";
  const { kube, logs } = pipelineOptions(helm);
  const store = new PlanStore(test.redis, {
    prefix: test.prefix,
    cluster,
    signer: testPlanSigner(),
  });
  const auditLines: object[] = [];
  const audit = new AuditLog(test.redis, {
    stream: `${test.prefix}:audit`,
    cluster,
    log: (l) => auditLines.push(l),
  });
  const connection = { url: env.redisUrl };
  const queue = createExecutionQueue({ connection, prefix: test.prefix });
  const notifier = new RecordingNotifier();
  const planRollback = createRollbackPlanner({ helm, kube, store, audit, ttlSeconds: 3600 });
  const workerOptions: ExecutionWorkerOptions = {
    connection,
    prefix: test.prefix,
    store,
    audit,
    redis: test.redis,
    helm,
    kube,
    logs,
    notifier,
    planRollback,
    validationTimeoutMs: 60_000,
    lockTtlMs: 10_000,
    lockWaitMs: 60_000,
    lockPrefix: test.prefix,
    concurrency: 4,
    validation: { pollMs: 500, settleMs: 3000 },
    log: () => undefined,
    ...overrides,
  };
  const worker = startExecutionWorker(workerOptions);
  return {
    test,
    helm,
    kube,
    logs,
    store,
    audit,
    auditLines,
    queue,
    worker,
    workerOptions,
    notifier,
    planRollback,
    async close() {
      await worker.close();
      await queue.close();
      if (shared.test === undefined) await test.cleanup();
    },
  };
}

export function decisionDeps(p: Pipeline) {
  return { store: p.store, audit: p.audit, queue: p.queue, policy: OPEN_POLICY };
}

// Approving as a person would: policy, atomic transition, audit, enqueue.
export async function approveAs(
  p: Pipeline,
  planId: string,
  by = "U0ALICE",
): Promise<DecisionOutcome> {
  const outcome = await approvePlan(decisionDeps(p), {
    planId,
    by,
    byGroups: [],
    channel: CHANNEL,
  });
  if (outcome.status !== "approved")
    throw new Error(`approval refused: ${JSON.stringify(outcome)}`);
  return outcome;
}

// A plan made by the real planner from the cluster as it is now, stored awaiting approval.
export async function storedPlan(
  p: Pipeline,
  release: ReleaseRef,
  fields: Partial<Intent> & Pick<Intent, "operation">,
  execution: Execution = { wait: false, timeoutSeconds: 60 },
): Promise<PlanRecord> {
  const outcome = await makePlan({
    intent: { ...emptyIntent(fields.operation), release, ...fields },
    inventory: await p.helm.list({ namespace: release.namespace }),
    helm: p.helm,
    kube: p.kube,
    now: new Date(),
    options: { execution },
  });
  if (outcome.kind !== "plan") throw new Error(`expected a plan: ${outcome.reason}`);
  return p.store.save(
    outcome,
    {
      channel: CHANNEL,
      threadTs: "1714560000.000100",
      messageTs: null,
      requester: "U0CAROL",
      source: "mention",
    },
    3600,
  );
}

export async function installWebapp(
  helm: HelmClient,
  release: ReleaseRef,
  version = "1.0.0",
): Promise<void> {
  await helm.mutate({
    kind: "install",
    release,
    chart: "fixtures/webapp",
    version,
    set: { replicaCount: 1 },
    wait: true,
    timeoutSeconds: 60,
  });
}

// What a worker killed mid-upgrade leaves behind: helm started the upgrade (pending-upgrade
// revision written) and died.
export function killedUpgrade(
  helm: HelmClient,
  release: ReleaseRef,
  repoUrl: string,
): Promise<void> {
  return interruptUpgrade(helm, env.helm4Bin, release, repoUrl);
}

// A release whose every upgrade runs a pre-upgrade hook Job; `hook.readyDelay` (a set-values
// plan can change it) makes that hook take as long as a test needs.
export async function installHooked(helm: HelmClient, release: ReleaseRef): Promise<void> {
  await helm.mutate({
    kind: "install",
    release,
    chart: "fixtures/hooked",
    version: "1.0.0",
    set: { "hook.behavior": "normal" },
    wait: true,
    timeoutSeconds: 60,
  });
}

// The lock key of a release in a pipeline, and how long the key has to live (ms; -2 when free).
export function releaseLockOf(p: Pipeline, release: ReleaseRef) {
  const key = `${p.test.prefix}:lock:release:${release.namespace}/${release.name}`;
  return { key, ttl: () => p.test.redis.pttl(key) };
}

// Polls until check() holds (every 100 ms), or fails naming what it waited for.
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
