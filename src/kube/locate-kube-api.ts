// Which API server kubectl would talk to, and with what credentials, decided from the same
// inputs kubectl gets (KUBECONFIG, ~/.kube/config, the pod's service account) — or why Wheelhouse
// leaves it to kubectl. Mirrors kubectl only where that is simple; everything else is refused.
import { existsSync, readFileSync } from "node:fs";
import { isIPv6 } from "node:net";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { httpsServer, type KubeApiAccess, parseKubeconfig, refuse } from "./read-kubeconfig.ts";

export interface KubeApiEnvironment {
  env: Record<string, string | undefined>;
  home: string;
  // Where a pod's service account token and CA are mounted.
  serviceAccountDir: string;
}

export function processKubeApiEnvironment(): KubeApiEnvironment {
  return {
    env: process.env,
    home: homedir(),
    serviceAccountDir: "/var/run/secrets/kubernetes.io/serviceaccount",
  };
}

// kubeconfig: what the kubectl adapter puts in KUBECONFIG; absent, kubectl inherits ours.
export function locateKubeApi(
  kubeconfig: string | undefined,
  where: KubeApiEnvironment = processKubeApiEnvironment(),
): KubeApiAccess {
  // kubectl sends through a proxy named in the environment; Node would not.
  if (where.env.HTTPS_PROXY || where.env.https_proxy)
    return refuse("an HTTPS proxy is set in the environment");
  const paths = (kubeconfig || where.env.KUBECONFIG || "").split(delimiter).filter((p) => p !== "");
  if (paths.length > 1) return refuse("KUBECONFIG names several files, which kubectl merges");
  const file = paths[0] ?? join(where.home, ".kube", "config");
  if (existsSync(file)) {
    try {
      return parseKubeconfig(readFileSync(file, "utf8"), file, (path) => readFileSync(path));
    } catch {
      return refuse("the kubeconfig cannot be read");
    }
  }
  if (paths.length === 1) return refuse("the kubeconfig file does not exist");
  return inCluster(where);
}

// As kubectl in a pod with no kubeconfig: the service account, its token re-read as it rotates.
function inCluster(where: KubeApiEnvironment): KubeApiAccess {
  const host = where.env.KUBERNETES_SERVICE_HOST;
  const port = where.env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) return refuse("no kubeconfig and not in a pod");
  const server = httpsServer(`https://${isIPv6(host) ? `[${host}]` : host}:${port}`);
  if (server === null) return refuse("KUBERNETES_SERVICE_HOST/PORT do not form a URL");
  const tokenFile = join(where.serviceAccountDir, "token");
  try {
    const ca = readFileSync(join(where.serviceAccountDir, "ca.crt"));
    if (!existsSync(tokenFile)) return refuse("the service account token is not mounted");
    return { target: { server, ca, tokenFile } };
  } catch {
    return refuse("the service account CA is not mounted");
  }
}
