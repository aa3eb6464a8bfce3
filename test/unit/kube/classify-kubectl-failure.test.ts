import { describe, expect, it } from "vitest";
import { classifyKubectlFailure } from "../../../src/kube/classify-kubectl-failure.ts";

describe("classifyKubectlFailure", () => {
  it.each([
    ['Error from server (NotFound): deployments.apps "nope" not found', "kube_not_found"],
    ['error: the server doesn\'t have a resource type "widgetz"', "kube_resource_type_unknown"],
    [
      'Error from server (Forbidden): pods is forbidden: User "x" cannot list resource "pods"',
      "kube_forbidden",
    ],
    [
      "The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?",
      "kube_cluster_unreachable",
    ],
    [
      "Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout",
      "kube_cluster_unreachable",
    ],
    ["error: context deadline exceeded", "kube_timeout"],
    ["error: something else entirely", "kube_command_failed"],
  ])("reads %j as %s", (stderr, code) => {
    const error = classifyKubectlFailure({ stderr, command: ["kubectl", "get"], exitCode: 1 });
    expect(error).toMatchObject({ code, stderrHead: stderr, command: ["kubectl", "get"] });
  });
});
