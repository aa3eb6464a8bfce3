// The product's kube client: kubectl for reads, and the API server's check of a plan's objects
// straight from this process when the kubeconfig (or the pod's service account) is a shape
// Wheelhouse reads itself; otherwise kubectl apply, as before.
import { connectKubeApi } from "./kube-api-connection.ts";
import { KubectlClient, type KubectlClientOptions } from "./kubectl-client.ts";
import type { KubeApiEnvironment } from "./locate-kube-api.ts";

export function createKubeClient(
  options: KubectlClientOptions,
  where?: KubeApiEnvironment,
): KubectlClient {
  const api = connectKubeApi(options.kubeconfig, where);
  return new KubectlClient({ ...options, ...(api ? { api } : {}) });
}
