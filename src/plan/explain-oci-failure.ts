// A registry that would not list a chart's tags, as a refusal a person can act on: which
// registry, what it said, and how helm users fix it. Chosen by the error's code. Pure.
import type { ReleaseRef } from "../model/release.ts";
import type { PlanRefusal } from "./plan-types.ts";
import { type CodedErrorInfo, refuse } from "./refuse.ts";

export function explainOciFailure(
  info: CodedErrorInfo,
  operation: string,
  release: ReleaseRef,
  chartRef: string,
): PlanRefusal {
  const registry = chartRef.replace(/^oci:\/\//, "").split("/")[0] ?? chartRef;
  const detail = info.stderrHead || null;
  const login = `helm registry login ${registry} (the registry config Wheelhouse reads is HELM_REGISTRY_CONFIG)`;
  switch (info.code) {
    case "oci_unauthorized":
    case "oci_forbidden":
      return refuse("registry_refused", operation, release, info.message, [login], detail);
    case "oci_chart_not_found":
      return refuse(
        "chart_not_in_repository",
        operation,
        release,
        `${chartRef} does not exist: ${info.message}`,
        [`Check the reference (helm show chart ${chartRef}) or WHEELHOUSE_CHART_SOURCES`],
        detail,
      );
    case "oci_registry_config_invalid":
      return refuse("registry_refused", operation, release, info.message, [
        "Fix the file HELM_REGISTRY_CONFIG names (helm registry login writes it)",
      ]);
    case "oci_tls_untrusted":
      return refuse("registry_refused", operation, release, info.message, [
        "Give Wheelhouse the registry's CA bundle: WHEELHOUSE_REGISTRY_CA_FILE",
      ]);
    default:
      return refuse(
        "registry_refused",
        operation,
        release,
        info.message,
        [`Check that ${registry} answers, then ask again.`],
        detail,
      );
  }
}
