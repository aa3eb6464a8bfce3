// The kubectl adapter against the real cluster: reads by name, namespace and selector, and
// typed errors for what does not exist or cannot be reached.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubeClient } from "../../../src/kube/create-kube-client.ts";
import { KubectlClient } from "../../../src/kube/kubectl-client.ts";
import { createNamespace, deleteNamespace, kubectl } from "../../support/cluster.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";

describe("KubectlClient", () => {
  const kube = new KubectlClient({ bin: env.kubectlBin, kubeconfig: env.kubeconfig });
  let namespace: string;

  beforeAll(async () => {
    namespace = await createNamespace("kube");
    await kubectl(["create", "configmap", "alpha", "-n", namespace, "--from-literal=a=1"]);
    await kubectl(["create", "configmap", "beta", "-n", namespace, "--from-literal=b=2"]);
    await kubectl(["label", "configmap", "beta", "-n", namespace, "tier=cache"]);
  });
  afterAll(() => deleteNamespace(namespace));

  it("lists objects of a namespace with their bodies", async () => {
    const maps = await kube.get({ resource: "configmaps", namespace });
    const names = maps.map((m) => m.metadata.name).filter((n) => n !== "kube-root-ca.crt");
    expect(names.sort()).toEqual(["alpha", "beta"]);
    expect(maps.find((m) => m.metadata.name === "alpha")).toMatchObject({
      kind: "ConfigMap",
      data: { a: "1" },
    });
  });

  it("filters by label selector", async () => {
    const maps = await kube.get({ resource: "configmaps", namespace, selector: "tier=cache" });
    expect(maps.map((m) => m.metadata.name)).toEqual(["beta"]);
  });

  it("gets one object by name, and null when it does not exist", async () => {
    expect(await kube.getOne({ resource: "configmaps", namespace, name: "alpha" })).toMatchObject({
      metadata: { name: "alpha", namespace },
    });
    expect(await kube.getOne({ resource: "configmaps", namespace, name: "missing" })).toBeNull();
  });

  it("reads cluster-scoped objects and lists across namespaces", async () => {
    const namespaces = await kube.get({ resource: "namespaces" });
    expect(namespaces.map((n) => n.metadata.name)).toContain(namespace);
    const all = await kube.get({
      resource: "configmaps",
      allNamespaces: true,
      selector: "tier=cache",
    });
    expect(all).toContainEqual(
      expect.objectContaining({ metadata: expect.objectContaining({ name: "beta", namespace }) }),
    );
  });

  // The product checks manifests in-process when it can reach the API server itself
  // (createKubeClient), else with kubectl apply: both must pass the same assertions.
  describe.each([
    ["kubectl apply", () => kube],
    ["in-process", () => createKubeClient({ bin: env.kubectlBin, kubeconfig: env.kubeconfig })],
  ])("manifest check via %s", (_, client) => {
    const checker = client();

    it("has the API server check a manifest without storing it", async () => {
      const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: checked\ndata:\n  a: "1"\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers: [{name: api, image: r/api:1}]\n`;
      expect(await checker.validateManifest(manifest, namespace)).toEqual([
        "configmap/checked",
        "deployment.apps/api",
      ]);
      expect(await kube.getOne({ resource: "configmaps", namespace, name: "checked" })).toBeNull();
    });

    it("reports what the API server rejects, with its reason", async () => {
      const wrongType = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: many\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers: [{name: api, image: r/api:1}]\n`;
      await expect(checker.validateManifest(wrongType, namespace)).rejects.toMatchObject({
        code: "kube_rejected",
        stderrHead: expect.stringContaining(".spec.replicas: expected numeric"),
      });
    });
  });

  it("says when the cluster does not know a resource type", async () => {
    await expect(kube.get({ resource: "gizmos.example.org" })).rejects.toMatchObject({
      code: "kube_resource_type_unknown",
    });
  });

  it("says when the cluster cannot be reached", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wheelhouse-kube-"));
    const kubeconfig = join(dir, "kubeconfig");
    await writeFile(
      kubeconfig,
      "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {token: t}}]\n",
    );
    const offline = new KubectlClient({ bin: env.kubectlBin, kubeconfig });
    await expect(offline.get({ resource: "pods", namespace })).rejects.toMatchObject({
      code: "kube_cluster_unreachable",
    });
  });

  it("says when the binary is missing", async () => {
    const missing = new KubectlClient({ bin: "/nonexistent/kubectl" });
    await expect(missing.get({ resource: "pods" })).rejects.toMatchObject({
      code: "kube_binary_missing",
    });
  });
});
