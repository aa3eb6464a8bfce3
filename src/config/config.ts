// One schema over the environment, read once at start; a bad value fails fast and readably.
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
  ALERTMANAGER_TOKEN: z.string().min(16, "use at least 16 characters").optional(),
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
