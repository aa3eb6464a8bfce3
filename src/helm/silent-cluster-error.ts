// A helm command that only talks to the Kubernetes API server and got no answer before its
// deadline: the API server is what did not answer, so that is what the error says (a frozen API
// server accepts connections and never answers; helm itself would wait far longer).
import { HelmClusterUnreachableError, HelmTimeoutError } from "../model/helm-errors.ts";
import type { HelmOperation } from "../model/helm-operation.ts";

// Commands that only talk to the Kubernetes API server: when one of them gets no answer in time,
// the API server is what did not answer. Install and upgrade dry runs also fetch the chart.
const READS_THE_CLUSTER = new Set<HelmOperation["kind"]>([
  "list",
  "status",
  "history",
  "get-values",
  "get-manifest",
]);

function talksOnlyToCluster(op: HelmOperation, dryRun: boolean): boolean {
  return (
    READS_THE_CLUSTER.has(op.kind) ||
    (dryRun && (op.kind === "rollback" || op.kind === "uninstall"))
  );
}

// A cluster-only command that got no answer in time: said as the API server's silence.
export function silentClusterError(
  error: unknown,
  op: HelmOperation,
  dryRun: boolean,
  elapsedMs: number,
): unknown {
  if (!(error instanceof HelmTimeoutError) || !talksOnlyToCluster(op, dryRun)) return error;
  return new HelmClusterUnreachableError(
    { command: error.command, stderr: error.stderrHead, cause: error },
    `helm got no answer from the Kubernetes API server within ${Math.round(elapsedMs / 1000)}s.`,
  );
}
