// A cluster that does not answer, as a refusal: what failed, that the API server is the cause,
// and how long helm or kubectl waited when neither printed anything.
import { describe, expect, it } from "vitest";
import { refusalFromError } from "../../../src/plan/refuse.ts";

const release = { name: "shop", namespace: "prod" };

describe("refusalFromError for an API server that does not answer", () => {
  it("says the cluster is unreachable, with helm's own words", () => {
    const refusal = refusalFromError(
      {
        code: "helm_cluster_unreachable",
        message: "helm cannot reach the Kubernetes API server.",
        stderrHead:
          'Error: kubernetes cluster unreachable: Get "https://10.0.0.1:6443/version": connect: connection refused',
      },
      "upgrade",
      release,
    );
    expect(refusal.code).toBe("cluster_unreachable");
    expect(refusal.reason).toBe(
      "The Kubernetes API server cannot be reached, so nothing can be planned.",
    );
    expect(refusal.detail).toContain("connection refused");
  });

  it("says how long it waited when a silent API server left no stderr", () => {
    const refusal = refusalFromError(
      {
        code: "helm_cluster_unreachable",
        message: "helm got no answer from the Kubernetes API server within 12s.",
        stderrHead: "",
      },
      "upgrade",
      release,
    );
    expect(refusal.code).toBe("cluster_unreachable");
    expect(refusal.detail).toBe("helm got no answer from the Kubernetes API server within 12s.");
  });

  it("reads a kubectl timeout as the API server not answering", () => {
    const refusal = refusalFromError(
      { code: "kube_timeout", message: "kubectl timed out after 60s.", stderrHead: "" },
      "uninstall",
      release,
    );
    expect(refusal.code).toBe("cluster_unreachable");
    expect(refusal.detail).toBe("kubectl timed out after 60s.");
  });

  it("names both suspects when helm timed out on a command that also fetches the chart", () => {
    const refusal = refusalFromError(
      { code: "helm_timeout", message: "helm timed out after 12s.", stderrHead: "" },
      "upgrade",
      release,
    );
    expect(refusal.reason).toBe(
      "helm timed out after 12s. Either the Kubernetes API server or the chart repository did not answer in time, so nothing can be planned.",
    );
    expect(refusal.suggestions[0]).not.toMatch(/--debug/);
  });
});
