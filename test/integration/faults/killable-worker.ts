// A worker in a process (and process group) of its own, for the tests that SIGKILL one: the
// product's worker with the real Slack notifier pointed at the fake Slack, printing one JSON line
// per notifier event on stdout. Short job and release locks, so the job comes back fast.
// Configured by environment: FAULT_PREFIX, FAULT_CHART_REPO, FAULT_SLACK_API_URL,
// FAULT_SLACK_TOKEN, FAULT_HOLD_FINISHED.
import { Redis } from "ioredis";
import { createRollbackPlanner } from "../../../src/exec/create-rollback-planner.ts";
import type { ExecutionNotifier } from "../../../src/exec/execution-notifier.ts";
import { startExecutionWorker } from "../../../src/exec/execution-worker.ts";
import type { PlanRecord } from "../../../src/model/plan-record.ts";
import { AuditLog } from "../../../src/store/audit-log.ts";
import { PlanStore } from "../../../src/store/plan-store.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { testPlanSigner } from "../../support/test-plan-key.ts";
import { pipelineOptions } from "../exec/exec-test-support.ts";
import { slackNotifier } from "./fault-support.ts";

const KILLABLE_WORKER_LOCKS = { lockTtlMs: 1500, jobLockMs: 1000, stalledIntervalMs: 500 };

const prefix = process.env.FAULT_PREFIX ?? "";
// FAULT_HOLD_FINISHED=1: the worker never gets to tell the thread the result.
const holdFinished = process.env.FAULT_HOLD_FINISHED === "1";
const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
const helm = await createTestHelm(env.helm4Bin, process.env.FAULT_CHART_REPO ?? "");
const { kube, logs } = pipelineOptions(helm);
const store = new PlanStore(redis, { prefix, signer: testPlanSigner() });
const audit = new AuditLog(redis, { stream: `${prefix}:audit`, log: () => undefined });
const slack = slackNotifier(
  { apiUrl: process.env.FAULT_SLACK_API_URL ?? "", token: process.env.FAULT_SLACK_TOKEN ?? "" },
  store,
  { redis, prefix },
);
const say = (event: string, record: PlanRecord): void => {
  process.stdout.write(`${JSON.stringify({ event, planId: record.id, at: Date.now() })}\n`);
};
// Printed once the thread has it, so the test knows what a kill interrupts.
const notifier: ExecutionNotifier = {
  started: async (record) => {
    await slack.started(record);
    say("started", record);
  },
  finished: async (record) => {
    if (holdFinished) {
      // The plan is closed in Redis; the thread is not told: the kill lands in between.
      say("closed", record);
      await new Promise(() => undefined);
    }
    await slack.finished(record);
    say("finished", record);
  },
  expired: (record) => slack.expired(record),
};
startExecutionWorker({
  connection: { url: env.redisUrl },
  prefix,
  store,
  audit,
  redis,
  helm,
  kube,
  logs,
  notifier,
  planRollback: createRollbackPlanner({ helm, kube, store, audit, ttlSeconds: 3600 }),
  validationTimeoutMs: 20_000,
  validation: { pollMs: 250, settleMs: 1000 },
  lockWaitMs: 20_000,
  lockPrefix: prefix,
  concurrency: 1,
  ...KILLABLE_WORKER_LOCKS,
  log: () => undefined,
});
process.stdout.write(`${JSON.stringify({ event: "ready", at: Date.now() })}\n`);
