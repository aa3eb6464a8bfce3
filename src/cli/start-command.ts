// `wheelhouse start [--role app|worker|all]`: the bot as a long-running process. app receives
// Slack (HTTP on PORT, or Socket Mode with SLACK_APP_TOKEN) and answers; worker runs approved
// plans; all is both. Without SLACK_BOT_TOKEN, `all` is the local playground: a fake Slack on
// loopback that `wheelhouse say` and `click` talk to. SIGTERM/SIGINT stop it gracefully.
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Redis } from "ioredis";
import { createRedisConnections } from "../app/redis-connections.ts";
import { type Role, startBot } from "../app/start-bot.ts";
import { type Config, ConfigError, clusterFor, planKeyFor } from "../config/config.ts";
import { diagnosisExplainerFromConfig } from "../gemini/diagnosis-explainer-from-config.ts";
import { intentModelFromConfig } from "../gemini/intent-model-from-config.ts";
import { HelmClient } from "../helm/helm-client.ts";
import { analyzeIntent, intentWithoutModel } from "../intent/analyze-intent.ts";
import { withApiReads } from "../kube/api-backed-reader.ts";
import { createContainerLogReader } from "../kube/create-container-log-reader.ts";
import { createKubeClient } from "../kube/create-kube-client.ts";
import { createJsonLog } from "../observe/log.ts";
import { Metrics } from "../observe/metrics.ts";
import { loadPolicy } from "../policy/load-policy.ts";
import { resolveExecution } from "../policy/resolve-execution.ts";
import {
  PLAYGROUND_APPROVER,
  PLAYGROUND_CHANNEL,
  PLAYGROUND_POLICY_PATH,
  PLAYGROUND_USER,
  playgroundStatePath,
  removePlaygroundState,
  writePlaygroundState,
} from "../slack/playground-state.ts";
import { helmReadsTheseRecords } from "../slack/reads-from-records.ts";
import { createChartSources } from "./create-chart-sources.ts";
import { createHelmFromConfig, defaultBinary } from "./create-helm-from-config.ts";

export const START_USAGE = `usage: wheelhouse start [--role app|worker|all]

  --role app     the Slack app: /slack/events, /alerts/alertmanager, /healthz, /readyz on PORT,
                 and the release watcher when configured
  --role worker  runs approved plans and reports into their threads
  --role all     both in one process (default); without SLACK_BOT_TOKEN, the local playground

  Every role serves /metrics, /healthz and /readyz on WHEELHOUSE_METRICS_PORT (default 9464).`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

async function requireRedis(redis: Redis, url: string): Promise<void> {
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("no answer within 5 s")), 5000)),
    ]);
  } catch (cause) {
    redis.disconnect();
    throw new ConfigError([
      `REDIS_URL: Redis does not answer at ${url} (${cause instanceof Error ? cause.message : String(cause)}); run scripts/redis-up.sh or fix REDIS_URL`,
    ]);
  }
}

// The playground's charts: the fixture charts served as repository "fixtures" to a helm of its
// own (the user's helm configuration is left alone), so demo releases can be upgraded.
async function startPlaygroundCharts(
  config: Config,
): Promise<{ helm: HelmClient; close(): Promise<void> }> {
  const { startChartRepository } = await import("../playground/chart-repository.ts");
  const { isolatedHelmEnv } = await import("../playground/isolated-helm-env.ts");
  const bin = config.HELM_BIN ?? defaultBinary("helm");
  const repository = await startChartRepository(
    bin,
    join(import.meta.dirname, "..", "..", "test", "fixtures", "charts"),
  );
  const helm = await HelmClient.create({
    bin,
    ...(config.KUBECONFIG ? { kubeconfig: config.KUBECONFIG } : {}),
    env: await isolatedHelmEnv(),
    timeoutMs: config.HELM_TIMEOUT_MS,
  });
  await helm.repoAdd("fixtures", repository.url);
  return { helm, close: () => repository.close() };
}

function waitForSignal(onSecond: () => void): Promise<string> {
  return new Promise((resolve) => {
    let seen = false;
    const handler = (signal: string) => {
      if (seen) onSecond();
      seen = true;
      resolve(signal);
    };
    process.on("SIGTERM", handler);
    process.on("SIGINT", handler);
  });
}

export async function startCommand(
  args: string[],
  config: Config,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { role: { type: "string", default: "all" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    io.stdout(START_USAGE);
    return 0;
  }
  const role = values.role;
  if (role !== "app" && role !== "worker" && role !== "all") {
    io.stderr(
      `wheelhouse start: --role is app, worker or all, not ${JSON.stringify(role)}\n\n${START_USAGE}`,
    );
    return 2;
  }
  const playground = config.SLACK_BOT_TOKEN === undefined;
  if (playground && role !== "all") {
    throw new ConfigError([
      `SLACK_BOT_TOKEN: required for --role ${role}; without it only --role all runs (the local playground)`,
    ]);
  }
  const planKey = planKeyFor(config, playground);
  const cluster = clusterFor(config, playground);
  const log = createJsonLog(config.LOG_LEVEL, undefined, { role, cluster });
  const policyPath = config.WHEELHOUSE_POLICY ?? (playground ? PLAYGROUND_POLICY_PATH : undefined);
  const policy = await loadPolicy(policyPath);
  if (policy.builtIn) {
    const msg = "no WHEELHOUSE_POLICY: the built-in policy answers reads and refuses every change";
    log("warn", msg, { code: "policy_builtin" });
  }
  const playgroundRepo = playground ? await startPlaygroundCharts(config) : null;
  // Made first, so helm's own calls are timed into it (helm call duration by subcommand).
  const metrics = new Metrics();
  const helm =
    playgroundRepo?.helm ??
    (await createHelmFromConfig(config, (call) =>
      metrics.observe(
        "wheelhouse_helm_call_duration_seconds",
        { subcommand: call.subcommand, outcome: call.outcome },
        call.seconds,
      ),
    ));
  const chartSources = await createChartSources(config, helm, (line) =>
    log("info", "chart sources", { ...line }),
  );
  // At start, in the background: a plan made meanwhile waits for the same refresh.
  chartSources.indexes
    ?.refresh()
    .catch((error: unknown) =>
      log("warn", "chart repository refresh failed", { error: String(error) }),
    );
  const kubectl = {
    bin: config.KUBECTL_BIN ?? defaultBinary("kubectl"),
    ...(config.KUBECONFIG ? { kubeconfig: config.KUBECONFIG } : {}),
  };
  const { model, mode, timeoutMs } = await intentModelFromConfig(config);
  const explain = await diagnosisExplainerFromConfig(config);
  const { redis, connection } = createRedisConnections(config.REDIS_URL, role, log);
  await requireRedis(redis, config.REDIS_URL);

  let slackConfig: Config = config;
  let fake: {
    close(): Promise<void>;
    connect(url: string): void;
    origin: string;
    botUserId: string;
  } | null = null;
  if (playground) {
    // Only the playground needs the fake: loaded on demand, never by a bot on real Slack.
    const { startFakeSlack } = await import("../playground/fake-slack-api.ts");
    const started = await startFakeSlack({});
    fake = started;
    slackConfig = {
      ...config,
      SLACK_BOT_TOKEN: started.token,
      SLACK_SIGNING_SECRET: started.signingSecret,
      SLACK_API_URL: started.apiUrl,
      SLACK_APP_TOKEN: undefined,
    };
  }
  const kubeOptions = { ...kubectl, timeoutMs: Math.min(config.HELM_TIMEOUT_MS, 60_000) };
  const bot = await startBot({
    role: role satisfies Role,
    config: slackConfig,
    redis,
    connection,
    helm,
    // The configured read deadline bounds kubectl too (a plan's server-side check of the objects):
    // a silent API server must not hold a plan past it.
    // helm's release records (Secrets) are read in-process when the API server can be reached.
    kube: withApiReads(createKubeClient(kubeOptions), kubeOptions),
    // /helm reads from those records too, unless helm (which inherits this process's environment)
    // would read others: another storage driver, cluster or identity.
    recordReads: helmReadsTheseRecords(process.env),
    logs: createContainerLogReader(kubectl),
    policy,
    planKey,
    cluster,
    metrics,
    observability: { port: config.WHEELHOUSE_METRICS_PORT },
    diagnosticsOnSlackPort: config.WHEELHOUSE_DIAGNOSTICS_ON_SLACK_PORT,
    // One source of truth for how long a change may take: the policy over the configured default.
    execution: resolveExecution(policy, config.WHEELHOUSE_CHANGE_TIMEOUT_SECONDS),
    alerts: config,
    watch: config,
    ...(explain ? { explain } : {}),
    chartSources,
    analyze: async (text, inventory) =>
      (
        await analyzeIntent(text, inventory, {
          model,
          mode,
          timeoutMs,
          log: (e) => log(e.level, e.message, { code: e.code, component: "intent" }),
        })
      ).intent,
    intentWithoutModel: (text, inventory) => intentWithoutModel(text, inventory, { model, mode }),
    log,
  });

  const statePath = playgroundStatePath(env);
  if (fake && bot.port !== null && bot.app) {
    const eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;
    fake.connect(eventsUrl);
    await writePlaygroundState(statePath, {
      slackOrigin: fake.origin,
      eventsUrl,
      botUserId: bot.app.botUserId,
      channel: PLAYGROUND_CHANNEL,
      pid: process.pid,
    });
    io.stderr(
      [
        `wheelhouse: playground running (no SLACK_BOT_TOKEN): bot on :${bot.port}, fake Slack at ${fake.origin}`,
        `  ask:      npm run wheelhouse -- say "list releases"            (as ${PLAYGROUND_USER} in ${PLAYGROUND_CHANNEL})`,
        `  approve:  npm run wheelhouse -- click approve <plan id>        (as ${PLAYGROUND_APPROVER})`,
        `  policy:   ${policyPath}; plans are signed with a key made for this run`,
        "  stop:     Ctrl-C",
      ].join("\n"),
    );
  }
  const signal = await waitForSignal(() => {
    io.stderr("wheelhouse: second signal, exiting now");
    process.exit(1);
  });
  log("info", "shutting down", { signal });
  await bot.close();
  await redis.quit();
  await playgroundRepo?.close();
  if (fake) {
    await fake.close();
    await removePlaygroundState(statePath);
  }
  log("info", "stopped", { signal });
  return 0;
}
