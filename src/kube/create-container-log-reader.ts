// The product's log reader: straight from the API server when the kubeconfig (or the pod's
// service account) is a shape Wheelhouse reads itself, else `kubectl logs`, as before.
import { ApiLogReader } from "./api-log-reader.ts";
import { connectKubeApi } from "./kube-api-connection.ts";
import type { KubectlClientOptions } from "./kubectl-client.ts";
import { type ContainerLogReader, KubectlLogReader } from "./kubectl-logs.ts";
import type { KubeApiEnvironment } from "./locate-kube-api.ts";

export function createContainerLogReader(
  options: KubectlClientOptions,
  where?: KubeApiEnvironment,
): ContainerLogReader {
  const connection = connectKubeApi(options.kubeconfig, where);
  return connection === null
    ? new KubectlLogReader(options)
    : new ApiLogReader(connection, options.timeoutMs);
}
