// The process roles from adapters that are already built: "app" receives Slack and answers,
// "worker" runs approved plans and reports into the threads, "all" is both. `wheelhouse start`
// builds the adapters from the environment; the e2e tests pass test ones in.
import type { Redis } from "ioredis";
import { createRollbackPlanner } from "../exec/create-rollback-planner.ts";
import type { ExecutionHelm } from "../exec/execution-context.ts";
import { createExecutionQueue } from "../exec/execution-queue.ts";
import {
  type ExecutionWorker,
  type ExecutionWorkerOptions,
  executionDepsOf,
  startExecutionWorker,
} from "../exec/execution-worker.ts";
import { type PlanReconciler, startPlanReconciler } from "../exec/start-plan-reconciler.ts";
import type { DiagnosisExplainer } from "../gather/diagnose-release.ts";
import type { ChartSourceDeps } from "../gather/gather-chart-versions.ts";
import { makePlan } from "../gather/make-plan.ts";
import { releaseProcessThreadMemory } from "../helm/execa-off-thread.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { ContainerLogReader } from "../kube/kubectl-logs.ts";
import { clusterKeyPrefix } from "../model/cluster-name.ts";
import type { Intent } from "../model/intent.ts";
import type { Inventory } from "../model/release.ts";
import { healthRoutes } from "../observe/health-routes.ts";
import { childLog, type Log } from "../observe/log.ts";
import { Metrics } from "../observe/metrics.ts";
import { registerQueueMetrics } from "../observe/queue-metrics.ts";
import { readinessCheck } from "../observe/readiness.ts";
import { startIdleMemoryRelease } from "../observe/release-idle-memory.ts";
import { type ObservabilityServer, serveObservability } from "../observe/serve-observability.ts";
import { createPlanSigner } from "../plan/create-plan-signer.ts";
import type { Execution } from "../plan/plan-inputs.ts";
import type { Policy } from "../policy/policy-schema.ts";
import {
  type AlertConfig,
  createSlackApp,
  type SlackApp,
  type SlackConfig,
} from "../slack/create-slack-app.ts";
import { createRunningMessages } from "../slack/running-messages.ts";
import type { SlackHelm } from "../slack/slack-deps.ts";
import { createSlackExecutionNotifier } from "../slack/slack-execution-notifier.ts";
import { createSlackOut } from "../slack/slack-out.ts";
import type { SlackRetryPolicy } from "../slack/slack-retry.ts";
import { webClientFor } from "../slack/web-client-for.ts";
import type { WorkQueueOptions } from "../slack/work-queue.ts";
import { AuditLog } from "../store/audit-log.ts";
import { createChartSourceMemory } from "../store/chart-source-memory.ts";
import { PlanStore } from "../store/plan-store.ts";
import type { ReleaseWatcher } from "../watch/release-watcher.ts";
import { releaseWatcherFromConfig, type WatcherConfig } from "../watch/watcher-from-config.ts";
import { type BullConnection, throttledErrorLog } from "./redis-connections.ts";

export type Role = "app" | "worker" | "all";

export interface BotComponents {
  role: Role;
  config: SlackConfig;
  // Commands (store, audit, dedupe, locks); BullMQ opens its own from `connection`.
  redis: Redis;
  connection: BullConnection;
  // The cluster (WHEELHOUSE_CLUSTER): recorded in plans and audit entries; a worker refuses plans
  // of another. Default "local".
  cluster?: string;
  // Prefix of every Redis key: store, queue, locks, dedupe, audit stream. Default: the
  // cluster's ("wheelhouse:<cluster>"), or "wheelhouse" when no cluster is given.
  prefix?: string;
  helm: SlackHelm & ExecutionHelm;
  kube: KubeReader;
  // The app's /helm reads from helm's release records where they can be (SlackAppDeps). Default true.
  recordReads?: boolean;
  logs: ContainerLogReader;
  policy: Policy;
  // HMAC key of plans (WHEELHOUSE_PLAN_KEY): the app signs with it, the worker verifies.
  planKey: string;
  analyze: (text: string, inventory: Inventory) => Promise<Intent>;
  // What `analyze` answers when it needs no model, else null: /helm reads start early from it.
  // Default: none (reads start once the command's thread is open).
  intentWithoutModel?: (text: string, inventory: Inventory) => Intent | null;
  log: Log;
  // How approved commands wait; default the planner's (wait, 300 s).
  execution?: Execution;
  // Where plans find charts: configured rules, index refresh, OCI tags. Wheelhouse's memory of
  // the chart each release was last upgraded from (Redis) is added here.
  chartSources?: ChartSourceDeps;
  // How many acknowledged requests the app works on at once; defaults in work-queue.ts.
  work?: WorkQueueOptions;
  // The app role's Alertmanager webhook (none without ALERTMANAGER_TOKEN), release watcher (none
  // while WHEELHOUSE_WATCH_INTERVAL_SECONDS is 0) and diagnosis explainer (none: the rules alone).
  alerts?: AlertConfig;
  watch?: WatcherConfig;
  explain?: DiagnosisExplainer;
  // Default: a new registry. start-command makes it first, so helm's calls are counted too.
  metrics?: Metrics;
  // The role's own port for /metrics, /healthz and /readyz (WHEELHOUSE_METRICS_PORT); absent:
  // none. diagnosticsOnSlackPort: the same on the Slack-facing port too. Default false.
  observability?: { port: number; host?: string };
  diagnosticsOnSlackPort?: boolean;
  // How Slack calls are retried (429, 5xx, timeouts); default SLACK_RETRY_DEFAULTS.
  slackRetry?: Partial<SlackRetryPolicy>;
  // Worker tuning; defaults suit production.
  worker?: {
    concurrency?: number;
    validationTimeoutMs?: number;
    lockTtlMs?: number;
    lockWaitMs?: number;
    pollMs?: number;
    settleMs?: number;
    // How long validation waits out an unreachable API server. Default 30000.
    outageGraceMs?: number;
    // Between two reconciler passes (approved plans without a job, expiries, stuck runs).
    reconcileIntervalMs?: number;
  };
}

export interface Bot {
  app: SlackApp | null;
  worker: ExecutionWorker | null;
  // The app role's release watcher, when configured.
  watcher: ReleaseWatcher | null;
  port: number | null;
  // The observability port listened on, when one was asked for.
  observabilityPort: number | null;
  metrics: Metrics;
  store: PlanStore;
  audit: AuditLog;
  // Stops receiving first, then the worker (it finishes the jobs it holds), then the queue.
  close(): Promise<void>;
}

export async function startBot(c: BotComponents): Promise<Bot> {
  const cluster = c.cluster ?? "local";
  const prefix = c.prefix ?? (c.cluster ? clusterKeyPrefix(c.cluster) : "wheelhouse");
  const metrics = c.metrics ?? new Metrics();
  const queueMetrics = registerQueueMetrics(metrics, {
    connection: c.connection,
    prefix,
    onError: throttledErrorLog(c.log, "queue metrics"),
  });
  const workerLog = childLog(c.log, { component: "worker" });
  const store = new PlanStore(c.redis, { prefix, cluster, signer: createPlanSigner(c.planKey) });
  const audit = new AuditLog(c.redis, {
    stream: `${prefix}:audit`,
    cluster,
    log: (line) =>
      c.log("info", "audit", Object.fromEntries(Object.entries(line).filter(([k]) => k !== "msg"))),
  });
  const queue = createExecutionQueue({
    connection: c.connection,
    prefix,
    onError: throttledErrorLog(c.log, "execution queue"),
  });
  const chartSourceMemory = createChartSourceMemory(c.redis, prefix);
  const sources: ChartSourceDeps = { ...c.chartSources, memory: chartSourceMemory };
  let app: SlackApp | null = null;
  let worker: ExecutionWorker | null = null;
  let reconciler: PlanReconciler | null = null;
  let port: number | null = null;
  let watcher: ReleaseWatcher | null = null;
  let observer: ObservabilityServer | null = null;
  try {
    if (c.role !== "app") {
      const out = createSlackOut(webClientFor(c.config, c.log), c.log, {
        ...(c.slackRetry ? { retry: c.slackRetry } : {}),
      });
      const w = c.worker ?? {};
      const workerOptions: ExecutionWorkerOptions = {
        connection: c.connection,
        prefix,
        store,
        audit,
        redis: c.redis,
        helm: c.helm,
        kube: c.kube,
        logs: c.logs,
        notifier: createSlackExecutionNotifier({
          out,
          store,
          log: workerLog,
          metrics,
          runningMessages: createRunningMessages(c.redis, prefix),
        }),
        planRollback: createRollbackPlanner({
          helm: c.helm,
          kube: c.kube,
          store,
          audit,
          ttlSeconds: c.policy.planTtlMinutes * 60,
        }),
        ...(w.validationTimeoutMs !== undefined
          ? { validationTimeoutMs: w.validationTimeoutMs }
          : {}),
        lockTtlMs: w.lockTtlMs ?? 30_000,
        lockPrefix: prefix,
        concurrency: w.concurrency ?? 4,
        ...(w.lockWaitMs !== undefined ? { lockWaitMs: w.lockWaitMs } : {}),
        ...(w.pollMs !== undefined || w.settleMs !== undefined || w.outageGraceMs !== undefined
          ? {
              validation: {
                ...(w.pollMs !== undefined ? { pollMs: w.pollMs } : {}),
                ...(w.settleMs !== undefined ? { settleMs: w.settleMs } : {}),
                ...(w.outageGraceMs !== undefined ? { outageGraceMs: w.outageGraceMs } : {}),
              },
            }
          : {}),
        log: (line) => {
          const { msg, ...fields } = { msg: "worker", ...line };
          workerLog("info", String(msg), fields);
        },
        chartSources: chartSourceMemory,
      };
      worker = startExecutionWorker(workerOptions);
      // One replica at a time (a Redis lease) fixes what no job will: see reconcile-plans.ts.
      reconciler = startPlanReconciler({
        redis: c.redis,
        prefix,
        execution: executionDepsOf(workerOptions),
        queue,
        ...(w.reconcileIntervalMs !== undefined ? { intervalMs: w.reconcileIntervalMs } : {}),
      });
    }
    if (c.role !== "worker") {
      app = await createSlackApp({
        config: c.config,
        prefix,
        ...(c.work ? { work: c.work } : {}),
        ...(c.alerts ? { alerts: c.alerts } : {}),
        ...(c.diagnosticsOnSlackPort ? { diagnosticsOnSlackPort: true } : {}),
        ...(c.slackRetry ? { slackRetry: c.slackRetry } : {}),
        deps: {
          helm: c.helm,
          kube: c.kube,
          ...(c.recordReads === false ? { recordReads: false } : {}),
          logs: c.logs,
          redis: c.redis,
          store,
          audit,
          queue,
          policy: c.policy,
          ...(c.cluster ? { cluster: c.cluster } : {}),
          analyze: c.analyze,
          ...(c.intentWithoutModel ? { intentWithoutModel: c.intentWithoutModel } : {}),
          makePlan: (request) =>
            makePlan({ ...request, sources, gitOps: c.policy.gitOpsOwned ?? "warn" }),
          log: c.log,
          metrics,
          ...(c.execution ? { execution: c.execution } : {}),
          ...(c.explain ? { explain: c.explain } : {}),
        },
      });
      port = (await app.start()).port;
      // One replica polls at a time (a Redis lease); its threads are the app's own.
      const adapters = {
        ...app.threadDeps("wheelhouse"),
        list: () => c.helm.list(),
        redis: c.redis,
      };
      watcher = c.watch
        ? releaseWatcherFromConfig(c.watch, { ...adapters, policy: c.policy, prefix })
        : null;
      watcher?.start();
    }
    observer = c.observability
      ? await serveObservability(
          healthRoutes(metrics, readinessCheck({ redis: c.redis, kube: c.kube })),
          c.observability.port,
          c.observability.host,
        )
      : null;
  } catch (error) {
    await reconciler?.stop();
    await worker?.close();
    await queue.close();
    await queueMetrics.close();
    throw error;
  }
  // Every role: V8 holds on to the pages a burst needed until told otherwise.
  const memoryRelease = startIdleMemoryRelease({
    log: c.log,
    threads: [releaseProcessThreadMemory],
  });
  return {
    app,
    worker,
    port,
    observabilityPort: observer?.port ?? null,
    watcher,
    metrics,
    store,
    audit,
    async close() {
      memoryRelease.stop();
      await watcher?.stop();
      await app?.stop();
      await reconciler?.stop();
      await worker?.close();
      await queue.close();
      await queueMetrics.close();
      // Last: probes and scrapes see the shutdown through to the end.
      await observer?.close();
    },
  };
}
