// Refusals: one sentence on what went wrong and what would work instead. Errors from the
// adapters are read by their code, never by their message text.

import type { ReleaseRef } from "../model/release.ts";
import { redactText } from "../redact/redact-text.ts";
import type { PlanRefusal, RefusalCode } from "./plan-types.ts";

export interface CodedErrorInfo {
  code: string;
  message: string;
  // The first lines of the tool's stderr (HelmError.stderrHead, KubeError.stderrHead).
  stderrHead: string;
}

export function refuse(
  code: RefusalCode,
  operation: string,
  release: ReleaseRef | null,
  reason: string,
  suggestions: string[] = [],
  detail: string | null = null,
): PlanRefusal {
  return {
    kind: "refusal",
    code,
    operation,
    release: release === null ? null : { name: release.name, namespace: release.namespace },
    // helm's sentences and the values a suggestion repeats can carry a credential.
    reason: redactText(reason),
    suggestions: suggestions.map(redactText),
    detail: detail === null ? null : redactText(detail),
  };
}

export function firstLine(text: string): string {
  return (
    text
      .trim()
      .split("\n")[0]
      ?.replace(/^Error:\s*/, "") ?? ""
  );
}

// Reads anything thrown by the adapters: HelmError and KubeError both carry code and stderrHead.
export function codedErrorInfo(error: unknown): CodedErrorInfo {
  if (error instanceof Error) {
    const code =
      "code" in error && typeof error.code === "string" ? error.code : "unexpected_error";
    const stderrHead =
      "stderrHead" in error && typeof error.stderrHead === "string" ? error.stderrHead : "";
    return { code, message: error.message, stderrHead };
  }
  return { code: "unexpected_error", message: String(error), stderrHead: "" };
}

// Failures that are not about the change itself: the cluster, the release, helm.
export function refusalFromError(
  info: CodedErrorInfo,
  operation: string,
  release: ReleaseRef | null,
): PlanRefusal {
  const detail = info.stderrHead || null;
  const target = release ? `${release.name} in ${release.namespace}` : "the release";
  switch (info.code) {
    case "helm_cluster_unreachable":
    case "kube_cluster_unreachable":
    case "kube_timeout":
      // A silent API server leaves no stderr: the adapter's sentence says how long it waited.
      return refuse(
        "cluster_unreachable",
        operation,
        release,
        "The Kubernetes API server cannot be reached, so nothing can be planned.",
        ["Check the cluster and the kubeconfig Wheelhouse uses (KUBECONFIG), then ask again."],
        detail ?? info.message,
      );
    case "helm_timeout":
      return refuse(
        "helm_failed",
        operation,
        release,
        `${info.message} Either the Kubernetes API server or the chart repository did not answer in time, so nothing can be planned.`,
        ["Ask again in a minute; if it keeps failing, check the cluster and the chart repository."],
        detail,
      );
    case "helm_release_not_found":
      return refuse(
        "release_not_found",
        operation,
        release,
        `There is no release ${target}.`,
        ["List the releases to find its name: 'list releases'"],
        detail,
      );
    case "helm_operation_in_progress":
      return refuse(
        "release_stuck",
        operation,
        release,
        `Helm refuses: another operation is in progress on ${target}.`,
        [
          `Wait for it to finish, or ask for 'rollback ${release?.name ?? "<release>"}' if it is stuck.`,
        ],
        detail,
      );
    case "helm_invalid_input":
    case "kube_invalid_input":
      return refuse("invalid_input", operation, release, info.message, [], null);
    case "helm_chart_not_found":
      return refuse(
        "chart_not_in_repository",
        operation,
        release,
        "The chart or chart version was not found in the configured repositories.",
        [
          "Refresh the repositories (helm repo update) or add the one the chart comes from (helm repo add <name> <url>).",
        ],
        detail,
      );
    default:
      return refuse(
        "helm_failed",
        operation,
        release,
        `${info.message} ${firstLine(info.stderrHead)}`.trim(),
        ["Ask again; if it keeps failing, run the command shown with --debug to see why."],
        detail,
      );
  }
}
