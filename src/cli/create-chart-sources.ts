// Where plans find charts, as the environment configures it: the chart source rules, helm's
// repositories with their index refresh (TTL), and OCI registries read with Node's fetch, the
// credentials of helm's registry config and the registry CA (WHEELHOUSE_REGISTRY_CA_FILE).
import type { Config } from "../config/config.ts";
import type { ChartSourceDeps } from "../gather/gather-chart-versions.ts";
import type { HelmEnv } from "../helm/helm-env.ts";
import { createRepositoryIndexes, type IndexHelm } from "../helm/repository-indexes.ts";
import { createOciTagLister } from "../oci/list-oci-tags.ts";
import { readRegistryCredential } from "../oci/registry-credentials.ts";
import { trustCaFile } from "../oci/trust-ca-file.ts";

const REGISTRY_TIMEOUT_MS = 15_000;

export async function createChartSources(
  config: Pick<
    Config,
    "WHEELHOUSE_CHART_SOURCES" | "WHEELHOUSE_REPO_REFRESH_SECONDS" | "WHEELHOUSE_REGISTRY_CA_FILE"
  >,
  helm: IndexHelm,
  log?: (line: object) => void,
): Promise<ChartSourceDeps> {
  const caFile = config.WHEELHOUSE_REGISTRY_CA_FILE;
  if (caFile !== undefined) await trustCaFile(caFile);
  let env: Promise<HelmEnv> | null = null;
  const helmEnv = () => {
    env ??= helm.env();
    return env;
  };
  return {
    rules: config.WHEELHOUSE_CHART_SOURCES,
    indexes: createRepositoryIndexes({
      helm: { env: helmEnv, repoUpdate: (names) => helm.repoUpdate(names) },
      ttlSeconds: config.WHEELHOUSE_REPO_REFRESH_SECONDS,
      ...(log ? { log } : {}),
    }),
    listTags: createOciTagLister({
      fetch: globalThis.fetch,
      credential: async (registry) =>
        readRegistryCredential((await helmEnv()).HELM_REGISTRY_CONFIG, registry),
      timeoutMs: REGISTRY_TIMEOUT_MS,
    }),
    ...(caFile ? { registryCaFile: caFile } : {}),
    ...(log ? { log } : {}),
  };
}
