import { describe, expect, it } from "vitest";
import { classifyHelmFailure } from "../../../src/helm/classify-helm-failure.ts";

// Messages as helm 3.17 and 4.1 print them.
const cases: [string, string, boolean, string][] = [
  ["Error: release: not found", "status", false, "helm_release_not_found"],
  [
    'Error: UPGRADE FAILED: "webapp" has no deployed releases',
    "upgrade",
    false,
    "helm_release_not_found",
  ],
  [
    "Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress",
    "upgrade",
    false,
    "helm_operation_in_progress",
  ],
  [
    'Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:1/version": dial tcp 127.0.0.1:1: connect: connection refused',
    "list",
    false,
    "helm_cluster_unreachable",
  ],
  [
    'Error: chart "webapp" version "9.9.9" not found in http://127.0.0.1:8080 repository',
    "upgrade",
    true,
    "helm_chart_not_found",
  ],
  ["Error: UPGRADE FAILED: context deadline exceeded", "upgrade", false, "helm_timeout"],
  [
    "Error: UPGRADE FAILED: values don't meet the specifications of the schema(s) in the following chart(s):\nwebapp:\n- at '/replicaCount': false schema",
    "upgrade",
    true,
    "helm_dry_run_failed",
  ],
  [
    'Error: UPGRADE FAILED: Deployment.apps "webapp" is invalid: spec.replicas: Invalid value: -1',
    "upgrade",
    false,
    "helm_dry_run_failed",
  ],
  [
    "Error: UPGRADE FAILED: pre-upgrade hooks failed: 1 error occurred:\n\t* job webapp-migrate failed: BackoffLimitExceeded",
    "upgrade",
    false,
    "helm_command_failed",
  ],
];

describe("classifyHelmFailure", () => {
  it.each(cases)("classifies %j", (stderr, verb, dryRun, code) => {
    const error = classifyHelmFailure({ stderr, dryRun, command: ["helm", verb], exitCode: 1 });
    expect(error.code).toBe(code);
    expect(error.command).toEqual(["helm", verb]);
    expect(error.stderrHead).toBe(stderr.split("\n").slice(0, 8).join("\n").trim());
  });
});
