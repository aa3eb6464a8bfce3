// The Slack app: Bolt with an HTTP receiver on /slack/events (signing secret verified) plus
// /healthz, /readyz and /metrics, or Socket Mode when SLACK_APP_TOKEN is set. Everything it
// talks to is passed in; `start` listens, `stop` stops receiving and waits for work in flight.
import { App, type Logger, type Receiver, type webApi } from "@slack/bolt";
import type { ThreadDeps } from "../alerts/alert-deps.ts";
import { type AlertRoutes, createAlertRoutes } from "../alerts/create-alert-routes.ts";
import type { Config } from "../config/config.ts";
import { ConfigError } from "../config/config.ts";
import { healthRoutes } from "../observe/health-routes.ts";
import type { Log } from "../observe/log.ts";
import { Metrics } from "../observe/metrics.ts";
import { readinessCheck } from "../observe/readiness.ts";
import { createAlertThreadStore } from "../store/alert-threads.ts";
import { createApproverGroups } from "./approver-groups.ts";
import { boltLogger } from "./bolt-logger.ts";
import { createSlackDiagnose } from "./create-slack-diagnose.ts";
import { createSlackReceiver } from "./create-slack-receiver.ts";
import { createThreadDeps } from "./create-thread-deps.ts";
import { createDecisionHandler } from "./handle-decision.ts";
import { createRequestHandler } from "./handle-request.ts";
import { createInFlightRequests, type InFlightRequests } from "./in-flight-requests.ts";
import { createInventoryCache } from "./inventory-cache.ts";
import { createReadCoalescer } from "./read-coalescer.ts";
import { withRecordReads } from "./reads-from-records.ts";
import { registerListeners } from "./register-listeners.ts";
import { slackAppLifecycle } from "./slack-app-lifecycle.ts";
import type { SlackAppDeps } from "./slack-deps.ts";
import { createSlackOut, errorCode } from "./slack-out.ts";
import { type SlackRetryPolicy, slackRetryPolicy } from "./slack-retry.ts";
import { SLACK_RETRIES, slackApiUrl, webClientFor } from "./web-client-for.ts";
import { createWorkQueue, type WorkQueue, type WorkQueueOptions } from "./work-queue.ts";

export type SlackConfig = Pick<
  Config,
  "SLACK_BOT_TOKEN" | "SLACK_SIGNING_SECRET" | "SLACK_APP_TOKEN" | "SLACK_API_URL" | "PORT"
>;

// The Alertmanager webhook's settings; without a token there is no webhook.
export type AlertConfig = Pick<Config, "ALERTMANAGER_TOKEN" | "ALERTMANAGER_MAX_BODY_BYTES">;

export interface SlackAppOptions {
  config: SlackConfig;
  // Mounts /alerts/alertmanager when ALERTMANAGER_TOKEN is set. Default: no webhook.
  alerts?: AlertConfig;
  deps: SlackAppDeps;
  // Redis key prefix shared with the store. Default "wheelhouse".
  prefix?: string;
  // How long a listed inventory is reused for reading messages. Default 10 s.
  inventoryTtlMs?: number;
  // How many acknowledged requests are worked on at once (see work-queue.ts for the defaults).
  work?: WorkQueueOptions;
  // Serve /metrics and readiness details on the Slack-facing port too
  // (WHEELHOUSE_DIAGNOSTICS_ON_SLACK_PORT). Default false: only on the observability port.
  diagnosticsOnSlackPort?: boolean;
  // How the bot's messages are retried (429, 5xx, timeouts). Default SLACK_RETRY_DEFAULTS.
  slackRetry?: Partial<SlackRetryPolicy>;
}

export interface SlackApp {
  app: App;
  client: webApi.WebClient;
  metrics: Metrics;
  botUserId: string;
  // HTTP mode: the port listened on (PORT, or the one picked for PORT=0).
  start(): Promise<{ port: number | null }>;
  // Stops receiving, then waits (up to timeoutMs) for the work already acknowledged.
  stop(timeoutMs?: number): Promise<void>;
  // Resolves when no acknowledged work is running (tests, shutdown), alert notifications too.
  idle(): Promise<void>;
  // What alert and watcher threads are given, their plans shown as asked by `requester`.
  threadDeps(requester: string): ThreadDeps;
}

// Fails start-up, before anything listens, when the configuration cannot run the app.
function checkSlackConfig(config: SlackConfig): string {
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new ConfigError(["SLACK_BOT_TOKEN: required to run the Slack app (xoxb-…)"]);
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    throw new ConfigError([
      "SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)",
    ]);
  }
  return token;
}

// Once, up front: who we are (to ignore our own messages) and that the token works.
async function authenticate(client: webApi.WebClient) {
  try {
    return await client.auth.test();
  } catch (error) {
    throw new ConfigError([`SLACK_BOT_TOKEN: Slack's auth.test refused it (${errorCode(error)})`]);
  }
}

// Whoever reaches the Slack-facing port sees /healthz and a bare /readyz; metrics and readiness
// details only when configured (they are on the observability port anyway).
function slackPortRoutes(options: SlackAppOptions, metrics: Metrics, alerts: AlertRoutes | null) {
  const health = healthRoutes(metrics, readinessCheck(options.deps), {
    details: options.diagnosticsOnSlackPort ?? false,
  });
  return [...health, ...(alerts?.routes ?? [])];
}

function alertRoutesFor(
  options: SlackAppOptions,
  prefix: string,
  threadDeps: (requester: string) => ThreadDeps,
  inFlight: InFlightRequests,
): AlertRoutes | null {
  if (!options.alerts) return null;
  const { deps } = options;
  return createAlertRoutes({
    config: options.alerts,
    answering: () => inFlight.count,
    deps: {
      ...threadDeps("alertmanager"),
      store: createAlertThreadStore(deps.redis, { prefix }),
      kube: deps.kube,
      policy: deps.policy,
    },
  });
}

function workQueueFor(options: SlackAppOptions, log: Log, inFlight: InFlightRequests): WorkQueue {
  const work = { answering: () => inFlight.count, ...options.work };
  return createWorkQueue(work, (error) => {
    log("error", "work after ack failed", {
      code: errorCode(error),
      error: error instanceof Error ? error.message : String(error),
    });
  });
}

interface BoltAppParts {
  token: string;
  receiver: Receiver;
  auth: Awaited<ReturnType<webApi.WebClient["auth"]["test"]>>;
  logger: Logger;
  log: Log;
}

function boltApp(config: SlackConfig, p: BoltAppParts): App {
  const url = slackApiUrl(config.SLACK_API_URL);
  const app = new App({
    token: p.token,
    receiver: p.receiver,
    botId: p.auth.bot_id ?? "",
    botUserId: p.auth.user_id ?? "",
    logger: p.logger,
    clientOptions: { ...(url ? { slackApiUrl: url } : {}), retryConfig: SLACK_RETRIES },
  });
  app.error(async (error) => {
    p.log("error", "listener failed", { code: error.code, error: error.message });
  });
  return app;
}

export async function createSlackApp(options: SlackAppOptions): Promise<SlackApp> {
  const { config, deps } = options;
  const token = checkSlackConfig(config);
  const log = deps.log;
  const metrics = deps.metrics ?? new Metrics();
  const now = deps.now ?? (() => new Date());
  const prefix = options.prefix ?? "wheelhouse";
  const client = webClientFor(config, log);
  const auth = await authenticate(client);
  const botUserId = auth.user_id ?? "";
  const retry = options.slackRetry ?? {};
  const out = createSlackOut(client, log, { retry });
  const diagnose = createSlackDiagnose({ ...deps, log, now });
  const full = { ...deps, metrics, now, out, diagnose };
  const threadDeps = (requester: string) => createThreadDeps(full, requester);
  // Acks first: both queues of work after an answer step aside while answers are pending.
  const inFlight = createInFlightRequests();
  const alerts = alertRoutesFor(options, prefix, threadDeps, inFlight);
  const customRoutes = slackPortRoutes(options, metrics, alerts);
  const logger = boltLogger(log);
  const receiver = createSlackReceiver(config, { customRoutes, logger, now, log, inFlight });
  const app = boltApp(config, { token, receiver, auth, logger, log });
  const queue = workQueueFor(options, log, inFlight);
  const idle = async () => {
    await Promise.all([queue.idle(), alerts?.idle()]);
  };
  // Slack user-group membership, for approvers and for the identities people act as.
  const groups = createApproverGroups(client, log);
  registerListeners(app, {
    redis: deps.redis,
    prefix,
    botUserId,
    out,
    requests: createRequestHandler({
      ...full,
      inventory: createInventoryCache(() => deps.helm.list(), options.inventoryTtlMs ?? 10_000),
      reads: createReadCoalescer(
        deps.recordReads === false ? deps.helm : withRecordReads(deps.helm, deps.kube),
      ),
      groups,
    }),
    decisions: createDecisionHandler({ ...full, groups }),
    log,
    retry: slackRetryPolicy(retry),
    track: (_what, work) => queue.run(work),
  });
  const lifecycle = slackAppLifecycle({ app, config, log, queue, idle });
  return { app, client, metrics, botUserId, ...lifecycle, idle, threadDeps };
}
