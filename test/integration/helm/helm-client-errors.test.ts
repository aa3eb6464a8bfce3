// What a person sees when helm says no: typed errors with the command and stderr, on both majors.

import { mkdtemp, writeFile } from "node:fs/promises";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HelmClient } from "../../../src/helm/helm-client.ts";
import {
  makeFailedHook,
  makeFailedUpgrade,
  makeStuckPendingUpgrade,
} from "../../support/broken-states.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm, HELM_BINARIES, isolatedHelmEnv } from "../../support/helm-fixture.ts";

describe.each(HELM_BINARIES)("HelmClient errors with $label", ({ bin, major }) => {
  let helm: HelmClient;
  let namespace: string;

  beforeAll(async () => {
    helm = await createTestHelm(bin, inject("chartRepoUrl"));
    namespace = await createNamespace(`err${major}`);
  });
  afterAll(() => deleteNamespace(namespace));

  it("says a release does not exist", async () => {
    await expect(helm.status({ name: "no-such-release", namespace })).rejects.toMatchObject({
      code: "helm_release_not_found",
      command: expect.arrayContaining(["status", "no-such-release"]),
    });
  });

  it("says a chart version does not exist", async () => {
    await expect(helm.showChart("fixtures/webapp", "9.9.9")).rejects.toMatchObject({
      code: "helm_chart_not_found",
    });
  });

  it("says the cluster is unreachable", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wheelhouse-kube-"));
    const kubeconfig = join(dir, "kubeconfig");
    await writeFile(
      kubeconfig,
      "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {token: t}}]\n",
    );
    const offline = await createTestHelm(bin, inject("chartRepoUrl"), { kubeconfig });
    await expect(offline.list()).rejects.toMatchObject({ code: "helm_cluster_unreachable" });
  });

  it("reports a dry-run the chart rejects (2.0.0 refuses the renamed value)", async () => {
    const release = { name: "breaking", namespace };
    await helm.mutate({
      kind: "install",
      release,
      chart: "fixtures/webapp",
      version: "1.1.0",
      set: { replicaCount: 1 },
      wait: true,
      timeoutSeconds: 60,
    });
    const attempt = helm.mutate({
      kind: "upgrade",
      release,
      chart: "fixtures/webapp",
      version: "2.0.0",
      valuesStrategy: "reuse",
      dryRun: true,
    });
    await expect(attempt).rejects.toMatchObject({
      code: "helm_dry_run_failed",
      stderrHead: expect.stringContaining("replicaCount"),
    });
  });

  it("kills helm when our own timeout passes", async () => {
    // An API server that accepts connections and never answers: helm would wait for it far
    // longer than a read's deadline (a change's outlasts its own --timeout instead, see
    // test/integration/exec/long-change.test.ts).
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    const dir = await mkdtemp(join(tmpdir(), "wheelhouse-kube-"));
    const kubeconfig = join(dir, "kubeconfig");
    await writeFile(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:${port}'}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {token: t}}]\n`,
    );
    try {
      const impatient = await HelmClient.create({
        bin,
        kubeconfig,
        env: await isolatedHelmEnv(),
        timeoutMs: 1500,
      });
      const attempt = impatient.history({ name: "slow", namespace });
      // A read of the cluster alone: the silence is the API server's, said so (issue 14).
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: "helm_cluster_unreachable",
        message: expect.stringMatching(
          /^helm got no answer from the Kubernetes API server within \d+s\.$/,
        ),
        cause: expect.objectContaining({ code: "helm_timeout", timeoutMs: 1500 }),
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it("produces a release stuck in pending-upgrade that helm refuses to touch", async () => {
    const release = { name: "stuck", namespace };
    await makeStuckPendingUpgrade(helm, bin, release, inject("chartRepoUrl"));
    expect((await helm.status(release)).info.status).toBe("pending-upgrade");
    const attempt = helm.mutate({
      kind: "upgrade",
      release,
      chart: "fixtures/webapp",
      version: "1.1.0",
      valuesStrategy: "reuse",
    });
    await expect(attempt).rejects.toMatchObject({ code: "helm_operation_in_progress" });
  });

  it("produces a failed upgrade from a crashing image", async () => {
    const release = { name: "crashing", namespace };
    await makeFailedUpgrade(helm, release);
    const history = await helm.history(release);
    expect(history.map((h) => h.status)).toEqual(["deployed", "failed"]);
  });

  it("produces a failed pre-upgrade hook", async () => {
    const release = { name: "hooked", namespace };
    await makeFailedHook(helm, release);
    const status = await helm.status(release);
    expect(status.info.status).toBe("failed");
    expect(status.info.description).toMatch(/pre-upgrade hooks failed/);
  });
});
