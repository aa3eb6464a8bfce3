// A helm configuration of its own (repositories, cache, data) in a fresh temporary directory, so
// the playground and the tests never read or edit the user's ~/.config/helm.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function isolatedHelmEnv(): Promise<Record<string, string>> {
  const home = await mkdtemp(join(tmpdir(), "wheelhouse-helm-"));
  return {
    HELM_CONFIG_HOME: join(home, "config"),
    HELM_CACHE_HOME: join(home, "cache"),
    HELM_DATA_HOME: join(home, "data"),
    HELM_REPOSITORY_CONFIG: join(home, "config", "repositories.yaml"),
    HELM_REPOSITORY_CACHE: join(home, "cache", "repository"),
  };
}
