// One schema over the environment, read once at start; a bad value fails fast and readably.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { clusterNameSchema, PLAYGROUND_CLUSTER } from "../model/cluster-name.ts";
import { chartSourceRulesSchema } from "../plan/chart-source-rules.ts";

const logLevel = z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

export const configSchema = z.object({
  SLACK_BOT_TOKEN: z.string().startsWith("xoxb-", "must be a bot token (xoxb-…)").optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().startsWith("xapp-", "must be an app-level token (xapp-…)").optional(),
  SLACK_API_URL: z.url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  WHEELHOUSE_POLICY: z.string().optional(),
  // HMAC key that signs plans (the worker runs only plans it verifies); see planKeyFor.
  WHEELHOUSE_PLAN_KEY: z
    .string()
    .min(32, "use at least 32 characters (for instance the output of `openssl rand -hex 32`)")
    .optional(),
  ALERTMANAGER_TOKEN: z.string().min(16, "use at least 16 characters").optional(),
  // Larger webhook bodies are refused with 413 before they are read whole. Default 1 MiB.
  ALERTMANAGER_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  // Release watcher: seconds between polls of `helm list`; unset or 0 means no watcher.
  WHEELHOUSE_WATCH_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(0),
  // How long a release may stay pending-* before the watcher opens a thread. Default 600 s.
  WHEELHOUSE_WATCH_PENDING_SECONDS: z.coerce.number().int().positive().default(600),
  GEMINI_API_KEY: z.string().min(1).optional(),
  GEMINI_MODEL: z.string().default("gemini-2.5-flash"),
  // rules-first: the model is asked only when the rules cannot settle a message.
  WHEELHOUSE_INTENT_MODE: z.enum(["rules-first", "model-first"]).default("rules-first"),
  GEMINI_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
  KUBECONFIG: z.string().optional(),
  HELM_BIN: z.string().optional(),
  KUBECTL_BIN: z.string().optional(),
  // Deadline of helm's reads (list, status, dry runs…), and of kubectl's up to 60 s. A change gets
  // one derived from its own --timeout instead (src/model/change-limits.ts). Default 120000.
  HELM_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  // helm --timeout of every change unless the policy's execution.timeoutSeconds says otherwise;
  // the worker's deadlines and the chart's shutdown grace derive from it. Default 300.
  WHEELHOUSE_CHANGE_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(300),
  // The cluster this deployment manages: scopes Redis keys, queues, audit entries and plans, so
  // deployments for several clusters can share one Redis. Required outside the playground.
  WHEELHOUSE_CLUSTER: clusterNameSchema.optional(),
  // helm's own configuration, passed to helm as they are: repositories.yaml (credentials and CA
  // files included), its index cache, and the registry logins of `helm registry login`.
  HELM_REPOSITORY_CONFIG: z.string().optional(),
  HELM_REPOSITORY_CACHE: z.string().optional(),
  HELM_REGISTRY_CONFIG: z.string().optional(),
  // Seconds after which repository indexes are refreshed before a plan; 0: only at start and
  // when a chart is missing. Default 600.
  WHEELHOUSE_REPO_REFRESH_SECONDS: z.coerce.number().int().min(0).default(600),
  // Which repository (or oci:// prefix) a release or chart comes from when several carry it.
  WHEELHOUSE_CHART_SOURCES: chartSourceRulesSchema.default([]),
  // A CA bundle for private OCI registries: trusted by Wheelhouse, given to helm as --ca-file.
  WHEELHOUSE_REGISTRY_CA_FILE: z.string().startsWith("/", "must be an absolute path").optional(),
  LOG_LEVEL: logLevel.default("info"),
  // Each role's observability port: /metrics, /healthz, /readyz (with details). 0 picks a free
  // port. Default 9464.
  WHEELHOUSE_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  // Also serve /metrics and readiness details on the Slack-facing PORT. Default false: that port
  // faces Slack (often the internet) and shows only /healthz and a bare /readyz.
  WHEELHOUSE_DIAGNOSTICS_ON_SLACK_PORT: z.stringbool().default(false),
});
export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  readonly code = "wheelhouse_config_invalid";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.problems = problems;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // Empty variables mean "unset": that is how Secrets with optional keys arrive in pods.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return parsed.data;
}

// The plan key the bot signs and verifies with: WHEELHOUSE_PLAN_KEY, the same for every app and
// worker; required on Slack, while the playground makes a random one per run (its plans die
// with it). The key itself never appears in an error or a log.
export function planKeyFor(config: Config, playground: boolean): string {
  if (config.WHEELHOUSE_PLAN_KEY !== undefined) return config.WHEELHOUSE_PLAN_KEY;
  if (playground) return randomBytes(32).toString("base64url");
  throw new ConfigError([
    "WHEELHOUSE_PLAN_KEY: required outside the playground: the secret key (at least 32 characters, e.g. `openssl rand -hex 32`) that signs plans so the worker runs only plans Wheelhouse made; give the app and the worker the same one",
  ]);
}

// The cluster's name: WHEELHOUSE_CLUSTER; the playground is "playground". Without it a worker
// would share keys and plans with every other deployment on the same Redis, so it is required.
export function clusterFor(config: Config, playground: boolean): string {
  if (config.WHEELHOUSE_CLUSTER !== undefined) return config.WHEELHOUSE_CLUSTER;
  if (playground) return PLAYGROUND_CLUSTER;
  throw new ConfigError([
    "WHEELHOUSE_CLUSTER: required outside the playground: the name of the cluster this deployment manages (lowercase letters, digits and '-', e.g. prod-eu-1); it scopes Redis keys, queues, audit entries and plans, so give the app and the worker of one cluster the same name, and every cluster sharing a Redis its own",
  ]);
}
