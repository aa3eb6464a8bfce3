// One schema over the environment, read once at start; a bad value fails fast and readably.
import { randomBytes } from "node:crypto";
import { z } from "zod";

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
  HELM_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  LOG_LEVEL: logLevel.default("info"),
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
