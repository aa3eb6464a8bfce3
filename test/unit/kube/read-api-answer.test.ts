import { describe, expect, it } from "vitest";
import { serverWords } from "../../../src/kube/api-failure.ts";
import { KubeError } from "../../../src/kube/kube-errors.ts";
import {
  asCoreQuery,
  buildCorePath,
  objectsFromAnswer,
} from "../../../src/kube/read-api-answer.ts";

const records = { resource: "secrets", namespace: "shop", selector: "owner=helm,name=web" };

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof KubeError) return error.code;
    throw error;
  }
  throw new Error("no error");
}

describe("asCoreQuery and buildCorePath", () => {
  it("lists helm's records with the selector encoded as one query parameter", () => {
    const core = asCoreQuery(records);
    expect(core).not.toBeNull();
    if (core === null) return;
    expect(buildCorePath(core)).toBe(
      "/api/v1/namespaces/shop/secrets?labelSelector=owner%3Dhelm%2Cname%3Dweb",
    );
    const one = asCoreQuery({ resource: "configmaps", namespace: "shop", name: "web.v1" });
    expect(one && buildCorePath(one)).toBe("/api/v1/namespaces/shop/configmaps/web.v1");
    const selectors = asCoreQuery({ ...records, selector: "tier!=cache,env in (a, b)" });
    expect(selectors && buildCorePath(selectors)).toBe(
      "/api/v1/namespaces/shop/secrets?labelSelector=tier%21%3Dcache%2Cenv+in+%28a%2C+b%29",
    );
  });

  it("answers null for what kubectl must read: other kinds, several, no namespace, --as", () => {
    const delegated = [
      { ...records, resource: "pods" },
      { ...records, resource: "secret" },
      { ...records, resource: "secrets,configmaps" },
      { resource: "secrets", selector: "owner=helm" },
      { resource: "secrets", allNamespaces: true },
      { ...records, impersonate: { user: "alice", groups: [] } },
      { ...records, name: "web" },
    ];
    for (const query of delegated) expect(asCoreQuery(query), JSON.stringify(query)).toBeNull();
  });

  it("refuses a hostile query with kubectl's own checks, delegated or not", () => {
    const bad = [
      { ...records, selector: "owner=helm&watch=true" },
      { ...records, namespace: "shop/secrets" },
      { ...records, resource: "pods", namespace: "../x" },
      { resource: "secrets", namespace: "shop", name: "../../nodes" },
    ];
    for (const query of bad) expect(codeOf(() => asCoreQuery(query))).toBe("kube_invalid_input");
  });
});

describe("objectsFromAnswer", () => {
  const core = { resource: "secrets", namespace: "shop" } as const;
  const answer = (status: number, data: unknown) => ({
    status,
    body: Buffer.from(JSON.stringify(data)),
    headers: {},
  });

  it("gives list items the kind and apiVersion kubectl adds, without managedFields", () => {
    const item = {
      metadata: { name: "a", namespace: "shop", managedFields: [{ manager: "helm" }] },
      type: "Opaque",
      data: { k: "dg==" },
    };
    const list = { kind: "SecretList", apiVersion: "v1", metadata: {}, items: [item] };
    expect(objectsFromAnswer(core, answer(200, list), [])).toEqual([
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "a", namespace: "shop" },
        type: "Opaque",
        data: { k: "dg==" },
      },
    ]);
  });

  it("classifies a Status by kubectl's rules and quotes no other body", () => {
    const status = (reason: string, message: string) => ({ kind: "Status", reason, message });
    const forbidden = status("Forbidden", 'secrets is forbidden: User "x" cannot list');
    expect(codeOf(() => objectsFromAnswer(core, answer(403, forbidden), []))).toBe(
      "kube_forbidden",
    );
    const missing = status("NotFound", 'secrets "a" not found');
    expect(codeOf(() => objectsFromAnswer(core, answer(404, missing), []))).toBe("kube_not_found");
    expect(serverWords(403, Buffer.from(JSON.stringify(forbidden)))).toBe(
      'Error from server (Forbidden): secrets is forbidden: User "x" cannot list',
    );
    expect(serverWords(502, Buffer.from("<html>password=hunter2</html>"))).toBe(
      "Error from server (Unknown): HTTP 502",
    );
  });
});
