import { describe, expect, it } from "vitest";
import {
  buildApplyDryRunArgv,
  buildKubectlArgv,
  impersonationHeaders,
} from "../../../src/kube/build-kubectl-argv.ts";
import { KubeError } from "../../../src/kube/kube-errors.ts";

describe("buildKubectlArgv", () => {
  it("reads by resource, name and namespace, always as JSON with a request timeout", () => {
    expect(
      buildKubectlArgv({ resource: "deployments.apps", name: "web", namespace: "shop" }),
    ).toEqual([
      "get",
      "deployments.apps",
      "web",
      "--namespace",
      "shop",
      "--output",
      "json",
      "--request-timeout=30s",
    ]);
  });

  it("lists across namespaces with a label selector", () => {
    expect(
      buildKubectlArgv({
        resource: "pods",
        allNamespaces: true,
        selector: "app.kubernetes.io/instance=web,tier!=cache",
      }),
    ).toEqual([
      "get",
      "pods",
      "--all-namespaces",
      "--selector",
      "app.kubernetes.io/instance=web,tier!=cache",
      "--output",
      "json",
      "--request-timeout=30s",
    ]);
  });

  it("reads cluster-scoped resources without a namespace", () => {
    expect(
      buildKubectlArgv({
        resource: "customresourcedefinitions.apiextensions.k8s.io",
        name: "widgets.example.com",
      }),
    ).toEqual([
      "get",
      "customresourcedefinitions.apiextensions.k8s.io",
      "widgets.example.com",
      "--output",
      "json",
      "--request-timeout=30s",
    ]);
  });

  it("reads several kinds in one call, comma-separated", () => {
    expect(buildKubectlArgv({ resource: "pods,events,jobs.batch", namespace: "shop" })).toEqual([
      "get",
      "pods,events,jobs.batch",
      "--namespace",
      "shop",
      "--output",
      "json",
      "--request-timeout=30s",
    ]);
  });

  it.each([
    ["a flag as resource", { resource: "--raw" }],
    ["a flag after a comma", { resource: "pods,--raw" }],
    ["an empty kind in a list", { resource: "pods,,events" }],
    ["a flag as name", { resource: "pods", name: "-oyaml" }],
    ["a shell in the namespace", { resource: "pods", namespace: "a;id" }],
    ["a flag as selector", { resource: "pods", selector: "--kubeconfig=/etc/x" }],
    ["a command substitution in a name", { resource: "pods", name: "$(id)" }],
  ])("refuses %s before anything runs", (_label, query) => {
    expect(() => buildKubectlArgv(query)).toThrow(KubeError);
    try {
      buildKubectlArgv(query);
    } catch (error) {
      expect(error).toMatchObject({ code: "kube_invalid_input" });
    }
  });
});

describe("kubectl impersonation", () => {
  const alice = { user: "alice@example.com", groups: ["team-shop"] };

  it("reads and checks objects as the given user and groups (--as, --as-group)", () => {
    expect(buildKubectlArgv({ resource: "pods", namespace: "shop", impersonate: alice })).toEqual([
      "get",
      "pods",
      "--namespace",
      "shop",
      "--as=alice@example.com",
      "--as-group=team-shop",
      "--output",
      "json",
      "--request-timeout=30s",
    ]);
    expect(buildApplyDryRunArgv(alice)).toContain("--as-group=team-shop");
    expect(buildApplyDryRunArgv()).not.toContain("--as=alice@example.com");
  });

  it("refuses a name that would read as a flag", () => {
    expect(() =>
      buildKubectlArgv({
        resource: "pods",
        impersonate: { user: "alice", groups: ["--token=abc"] },
      }),
    ).toThrow(KubeError);
  });

  it("gives the same identity as headers, refused by the same rule", () => {
    expect(impersonationHeaders(alice)).toEqual({
      "impersonate-user": "alice@example.com",
      "impersonate-group": ["team-shop"],
    });
    expect(impersonationHeaders({ user: "bob", groups: [] })).toEqual({
      "impersonate-user": "bob",
    });
    expect(impersonationHeaders(undefined)).toEqual({});
    expect(() => impersonationHeaders({ user: "alice\r\nX-Evil: 1", groups: [] })).toThrow(
      KubeError,
    );
  });
});
