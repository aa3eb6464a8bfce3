// The Slack app: Bolt with an HTTP receiver on /slack/events (signing secret verified) plus
// /healthz, /readyz and /metrics, or Socket Mode when SLACK_APP_TOKEN is set. Everything it
// talks to is passed in; `start` listens, `stop` stops receiving and waits for work in flight.
import { Server } from "node:http";
import { App, HTTPReceiver, type Receiver, SocketModeReceiver, webApi } from "@slack/bolt";
import type { ThreadDeps } from "../alerts/alert-deps.ts";
import { createAlertRoutes } from "../alerts/create-alert-routes.ts";
import type { Config } from "../config/config.ts";
import { ConfigError } from "../config/config.ts";
import { healthRoutes, withDeadline } from "../observe/health-routes.ts";
import type { Log } from "../observe/log.ts";
import { Metrics } from "../observe/metrics.ts";
import { readinessCheck } from "../observe/readiness.ts";
import { createAlertThreadStore } from "../store/alert-threads.ts";
import { createApproverGroups } from "./approver-groups.ts";
import { boltLogger } from "./bolt-logger.ts";
import { createSlackDiagnose } from "./create-slack-diagnose.ts";
import { createThreadDeps } from "./create-thread-deps.ts";
import { createDecisionHandler } from "./handle-decision.ts";
import { createRequestHandler } from "./handle-request.ts";
import { createInventoryCache } from "./inventory-cache.ts";
import { registerListeners } from "./register-listeners.ts";
import type { SlackAppDeps } from "./slack-deps.ts";
import { createSlackOut, errorCode } from "./slack-out.ts";
import { refuseFutureRequests } from "./verify-request-time.ts";
import { createWorkQueue, type WorkQueueOptions } from "./work-queue.ts";

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

// SLACK_API_URL as WebClient wants it: with the trailing slash.
export function slackApiUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  return url.endsWith("/") ? url : `${url}/`;
}

// The client logs through ours (redacted, JSON), not to the console on its own.
export function webClientFor(
  config: Pick<Config, "SLACK_BOT_TOKEN" | "SLACK_API_URL">,
  log: Log,
): webApi.WebClient {
  const url = slackApiUrl(config.SLACK_API_URL);
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...(url ? { slackApiUrl: url } : {}),
    logger: boltLogger(log),
    // A few quick retries: a chat message that arrives minutes late helps nobody.
    retryConfig: { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  });
}

export async function createSlackApp(options: SlackAppOptions): Promise<SlackApp> {
  const { config, deps } = options;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new ConfigError(["SLACK_BOT_TOKEN: required to run the Slack app (xoxb-…)"]);
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    throw new ConfigError([
      "SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)",
    ]);
  }
  const log = deps.log;
  const metrics = deps.metrics ?? new Metrics();
  const now = deps.now ?? (() => new Date());
  const prefix = options.prefix ?? "wheelhouse";
  const client = webClientFor(config, log);
  // Once, up front: who we are (to ignore our own messages) and that the token works.
  let auth: Awaited<ReturnType<typeof client.auth.test>>;
  try {
    auth = await client.auth.test();
  } catch (error) {
    throw new ConfigError([`SLACK_BOT_TOKEN: Slack's auth.test refused it (${errorCode(error)})`]);
  }
  const botUserId = auth.user_id ?? "";
  const out = createSlackOut(client, log);
  const diagnose = createSlackDiagnose({ ...deps, log, now });
  const full = { ...deps, metrics, now, out, diagnose };
  const threadDeps = (requester: string) => createThreadDeps(full, requester);
  const alerts = options.alerts
    ? createAlertRoutes({
        config: options.alerts,
        deps: {
          ...threadDeps("alertmanager"),
          store: createAlertThreadStore(deps.redis, { prefix }),
          kube: deps.kube,
          policy: deps.policy,
        },
      })
    : null;
  // Whoever reaches the Slack-facing port sees /healthz and a bare /readyz; metrics and readiness
  // details only when configured (they are on the observability port anyway).
  const health = healthRoutes(metrics, readinessCheck(deps), {
    details: options.diagnosticsOnSlackPort ?? false,
  });
  const customRoutes = [...health, ...(alerts?.routes ?? [])];
  const logger = boltLogger(log);
  const url = slackApiUrl(config.SLACK_API_URL);
  const receiver: Receiver = config.SLACK_APP_TOKEN
    ? new SocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN,
        customRoutes,
        // The socket client opens its connection (apps.connections.open) with a WebClient of its
        // own: it must call the same Slack API as the app. Its default retries (many, for
        // reconnecting) are kept, so only the URL is given.
        installerOptions: { port: config.PORT, clientOptions: url ? { slackApiUrl: url } : {} },
        logger,
      })
    : new HTTPReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET ?? "",
        endpoints: "/slack/events",
        customRoutes,
        processBeforeResponse: false,
        logger,
        port: config.PORT,
      });
  if (receiver instanceof HTTPReceiver)
    receiver.requestListener = refuseFutureRequests(receiver.requestListener, { now, log });
  const app = new App({
    token,
    receiver,
    botId: auth.bot_id ?? "",
    botUserId,
    logger,
    clientOptions: {
      ...(url ? { slackApiUrl: url } : {}),
      retryConfig: { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    },
  });
  app.error(async (error) => {
    log("error", "listener failed", { code: error.code, error: error.message });
  });

  const queue = createWorkQueue(options.work ?? {}, (error) => {
    log("error", "work after ack failed", {
      code: errorCode(error),
      error: error instanceof Error ? error.message : String(error),
    });
  });
  const track = (_what: string, work: () => Promise<void>): Promise<void> => queue.run(work);
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
      groups,
    }),
    decisions: createDecisionHandler({ ...full, groups }),
    log,
    track,
  });

  return {
    app,
    client,
    metrics,
    botUserId,
    async start() {
      const started: unknown = await app.start(config.PORT);
      if (config.SLACK_APP_TOKEN) {
        log("info", "slack app connected", { mode: "socket", routesPort: config.PORT });
        return { port: null };
      }
      const address = started instanceof Server ? started.address() : null;
      const port = typeof address === "object" && address !== null ? address.port : config.PORT;
      log("info", "slack app listening", { port, mode: "http" });
      return { port };
    },
    async stop(timeoutMs = 30_000) {
      await app.stop();
      queue.close();
      await withDeadline(idle(), timeoutMs, "work in flight").catch((error: unknown) =>
        log("warn", "stopped with work in flight", { error: String(error) }),
      );
    },
    idle,
    threadDeps,
  };
}
