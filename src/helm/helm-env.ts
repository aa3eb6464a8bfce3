// What `helm env` prints (`NAME="value"` lines), reduced to the paths Wheelhouse reads: where
// repositories are configured, where their indexes are cached, where registry logins are kept.
import { z } from "zod";

export const helmEnvSchema = z.object({
  HELM_REPOSITORY_CONFIG: z.string().min(1),
  HELM_REPOSITORY_CACHE: z.string().min(1),
  HELM_REGISTRY_CONFIG: z.string().min(1),
});
export type HelmEnv = z.infer<typeof helmEnvSchema>;

export function parseHelmEnv(stdout: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const match = /^([A-Z_][A-Z0-9_]*)="(.*)"$/.exec(line.trim());
    if (match?.[1] !== undefined) env[match[1]] = (match[2] ?? "").replace(/\\(["\\])/g, "$1");
  }
  return env;
}
