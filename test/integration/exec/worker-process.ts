// A worker in a process of its own, for the test that kills one mid-job: prints one JSON line
// per notifier event on stdout. Configured by environment (see worker-crash.test.ts).

import { Redis } from "ioredis";
import { startExecutionWorker } from "../../../src/exec/execution-worker.ts";
import { AuditLog } from "../../../src/store/audit-log.ts";
import { PlanStore } from "../../../src/store/plan-store.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { testPlanSigner } from "../../support/test-plan-key.ts";
import { pipelineOptions } from "./exec-test-support.ts";

const prefix = process.env.WORKER_PREFIX ?? "";
const repoUrl = process.env.WORKER_CHART_REPO ?? "";
const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
const helm = await createTestHelm(env.helm4Bin, repoUrl);
const { kube, logs } = pipelineOptions(helm);
const say = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};
startExecutionWorker({
  connection: { url: env.redisUrl },
  prefix,
  store: new PlanStore(redis, { prefix, signer: testPlanSigner() }),
  audit: new AuditLog(redis, { stream: `${prefix}:audit`, log: () => undefined }),
  redis,
  helm,
  kube,
  logs,
  notifier: {
    started: async (record) => say({ event: "started", planId: record.id }),
    finished: async (record) => say({ event: "finished", planId: record.id }),
    expired: async (record) => say({ event: "expired", planId: record.id }),
  },
  planRollback: async () => null,
  validationTimeoutMs: 60_000,
  lockTtlMs: 3000,
  lockPrefix: prefix,
  concurrency: 1,
  jobLockMs: 2000,
  stalledIntervalMs: 500,
  log: () => undefined,
});
say({ event: "ready" });
