// Turns a failed kubectl run into a typed error, from kubectl's real messages; most specific first.
import { KubeError, type KubeErrorContext } from "./kube-errors.ts";

const UNREACHABLE =
  /unable to connect to the server|connection refused|was refused - did you specify the right host|no such host|i\/o timeout|tls: failed to verify|dial tcp/i;
const NOT_FOUND = /\(NotFound\)|not found$/im;
const UNKNOWN_TYPE = /the server doesn't have a resource type|no matches for kind/i;
const FORBIDDEN = /\(Forbidden\)|is forbidden|\(Unauthorized\)/i;
const TIMEOUT = /context deadline exceeded|Client\.Timeout exceeded|timeout awaiting/i;

export function classifyKubectlFailure(context: KubeErrorContext & { stderr: string }): KubeError {
  const { stderr } = context;
  if (UNREACHABLE.test(stderr))
    return new KubeError(
      "kube_cluster_unreachable",
      "kubectl cannot reach the Kubernetes API server.",
      context,
    );
  if (UNKNOWN_TYPE.test(stderr))
    return new KubeError(
      "kube_resource_type_unknown",
      "The cluster does not know this resource type.",
      context,
    );
  if (FORBIDDEN.test(stderr))
    return new KubeError(
      "kube_forbidden",
      "Wheelhouse is not allowed to read this from the cluster.",
      context,
    );
  if (NOT_FOUND.test(stderr))
    return new KubeError("kube_not_found", "The object does not exist.", context);
  if (TIMEOUT.test(stderr)) return new KubeError("kube_timeout", "kubectl timed out.", context);
  return new KubeError("kube_command_failed", "kubectl failed.", context);
}
