// `wheelhouse playground`: the whole bot on one machine, to look at in a browser. Starts what is
// missing (Redis, the local cluster), the sample releases, the bot (app + worker, fake Slack)
// and a Slack-like page on loopback; Ctrl-C stops everything it started, and says what.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Config, ConfigError } from "../config/config.ts";
import { HelmClient } from "../helm/helm-client.ts";
import { playgroundStatePath } from "../slack/playground-state.ts";
import { startChartRepository } from "./chart-repository.ts";
import { ensureCluster } from "./ensure-cluster.ts";
import { ensureRedis, type PlaygroundPart, PlaygroundStartError } from "./ensure-redis.ts";
import { isolatedHelmEnv } from "./isolated-helm-env.ts";
import { startPageServer } from "./page-server.ts";
import { SAMPLE_RELEASES, seedSampleReleases } from "./seed-sample-releases.ts";
import { startBotProcess } from "./start-bot-process.ts";

const REPO_ROOT = join(import.meta.dirname, "..", "..");

export const PLAYGROUND_USAGE = `usage: wheelhouse playground [--port N] [--namespace NS] [--kubeconfig FILE] [--charts DIR]

  --port N           the page's port on 127.0.0.1 (default 8090; 0: any free port)
  --namespace NS     where the sample releases live (default playground)
  --kubeconfig FILE  use this cluster (default: the local cluster of scripts/cluster, started when absent)
  --charts DIR       the charts served as the sample repository (default test/fixtures/charts)`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

// `on`, not `once`: execa's exit hook re-raises a signal nobody else listens to any more, which
// would kill the playground before it stopped what it started. Further signals are ignored.
function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.on("SIGTERM", () => resolve("SIGTERM"));
    process.on("SIGINT", () => resolve("SIGINT"));
  });
}

function options(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string", default: "8090" },
      namespace: { type: "string", default: "playground" },
      kubeconfig: { type: "string" },
      charts: { type: "string", default: join(REPO_ROOT, "test", "fixtures", "charts") },
      help: { type: "boolean", short: "h" },
    },
  });
  return values;
}

export async function playgroundCommand(
  args: string[],
  config: Config,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const o = options(args);
  if (o.help) {
    io.stdout(PLAYGROUND_USAGE);
    return 0;
  }
  if (config.SLACK_BOT_TOKEN !== undefined)
    throw new ConfigError([
      "SLACK_BOT_TOKEN: the playground runs on a fake Slack of its own; unset it (or run `wheelhouse start`)",
    ]);
  const started = performance.now();
  // Listening from the start: Ctrl-C while starting still stops what was started so far.
  let interrupted = false;
  const signal = waitForSignal().then((s) => {
    interrupted = true;
    return s;
  });
  const progress = (line: string) => {
    if (interrupted) throw new PlaygroundStartError("interrupted while starting");
    io.stderr(`playground: ${line}`);
  };
  const stateDir = join(playgroundStatePath(env), "..");
  const parts: PlaygroundPart[] = [];
  const stopAll = async () => {
    for (const part of [...parts].reverse()) await part.stop();
    const stopped = parts.filter((p) => p.started).map((p) => p.what);
    const left = parts.filter((p) => !p.started).map((p) => p.what);
    io.stderr(
      `playground: stopped ${stopped.join(", ") || "nothing"}; left running what was there before: ${left.join(", ") || "nothing"}`,
    );
  };
  try {
    const redis = await ensureRedis(config.REDIS_URL, stateDir);
    parts.push(redis);
    progress(`${redis.what}: ${redis.started ? "started" : "found"}`);
    const kubectl =
      config.KUBECTL_BIN ??
      join(env.WHEELHOUSE_CACHE ?? join(env.HOME ?? "", ".cache", "wheelhouse"), "bin", "kubectl");
    const cluster = await ensureCluster({
      kubectl,
      repoRoot: REPO_ROOT,
      stateDir,
      progress,
      ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}),
    });
    parts.push(cluster);
    progress(`${cluster.what}: ${cluster.started ? "started" : "found"}`);
    const helmBin = config.HELM_BIN ?? join(kubectl, "..", "helm");
    if (!existsSync(o.charts))
      throw new PlaygroundStartError(`no sample charts at ${o.charts}: pass --charts DIR`);
    const repository = await startChartRepository(helmBin, o.charts);
    parts.push({
      what: `the sample chart repository at ${repository.url}`,
      started: true,
      stop: () => repository.close(),
    });
    const helm = await HelmClient.create({
      bin: helmBin,
      kubeconfig: cluster.kubeconfig,
      env: await isolatedHelmEnv(),
      timeoutMs: 180_000,
    });
    await helm.repoAdd("samples", repository.url);
    await seedSampleReleases(helm, "samples", o.namespace, progress);
    const botEnv: NodeJS.ProcessEnv = {
      ...env,
      KUBECONFIG: cluster.kubeconfig,
      REDIS_URL: redis.url,
    };
    delete botEnv.SLACK_BOT_TOKEN;
    const bot = await startBotProcess({
      repoRoot: REPO_ROOT,
      env: botEnv,
      statePath: playgroundStatePath(env),
      logPath: join(stateDir, "playground-bot.log"),
    });
    parts.push(bot);
    progress("the bot is up");
    const page = await startPageServer({
      slackOrigin: bot.state.slackOrigin,
      channel: bot.state.channel,
      botUserId: bot.state.botUserId,
      port: Number(o.port),
    });
    parts.push({ what: `the page at ${page.url}`, started: true, stop: () => page.close() });
    const samples = SAMPLE_RELEASES.map((s) => `${s.name} (${s.story})`).join(", ");
    io.stderr(
      [
        `playground: ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        ...parts.map((p) => `  ${p.started ? "started" : "found  "}  ${p.what}`),
        `  sample releases in namespace ${o.namespace}: ${samples}`,
        "  stop: Ctrl-C (stops what the playground started)",
      ].join("\n"),
    );
    // The URL alone on stdout: scripts and tests read it.
    io.stdout(`Open the playground: ${page.url}`);
    const why = await Promise.race([
      signal,
      bot.exited.then((code) => `the bot exited (code ${code})`),
    ]);
    io.stderr(`playground: stopping (${why})`);
  } finally {
    await stopAll();
  }
  return 0;
}
