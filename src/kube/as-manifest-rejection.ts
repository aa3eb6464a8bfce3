// A failed check of a manifest, as the plan sees it: kube_rejected with the server's reason,
// except failures that say nothing about the manifest itself, which stay what they are.
// (A "forbidden" is about the manifest too: admission policies answer that way.)
import { KubeError } from "./kube-errors.ts";

const NOT_ABOUT_THE_MANIFEST = new Set([
  "kube_cluster_unreachable",
  "kube_timeout",
  "kube_binary_missing",
]);

export function asManifestRejection(error: unknown): unknown {
  if (!(error instanceof KubeError) || NOT_ABOUT_THE_MANIFEST.has(error.code)) return error;
  return new KubeError("kube_rejected", "The API server rejected the manifest.", {
    command: error.command,
    stderr: error.stderrHead,
    exitCode: error.exitCode,
    cause: error,
  });
}
