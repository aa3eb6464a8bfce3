// On the real cluster: the snapshot reads in one round (a listing of the namespace, helm's stored
// records) and falls back to reading object by object, and revision by revision with helm,
// when it may not list or when helm keeps its records elsewhere; both ways give the same
// diagnosis.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnoseRelease } from "../../../src/gather/diagnose-release.ts";
import type { SnapshotDeps } from "../../../src/gather/gather-release-snapshot.ts";
import { readReleaseRecords } from "../../../src/gather/read-release-records.ts";
import { HelmClient } from "../../../src/helm/helm-client.ts";
import { KubectlClient } from "../../../src/kube/kubectl-client.ts";
import { KubectlLogReader } from "../../../src/kube/kubectl-logs.ts";
import type { ReleaseDetail } from "../../../src/model/helm-output-schemas.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { HELM_BINARIES, isolatedHelmEnv } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { BROKEN_STATES } from "./broken-releases.ts";
import { recordReads } from "./diagnosis-timing.ts";
import { restrictedKubeconfig } from "./restricted-reader.ts";

const now = () => new Date("2030-01-01T00:00:00Z");

async function helmWith(bin: string, extra: Record<string, string> = {}) {
  return HelmClient.create({
    bin,
    kubeconfig: env.kubeconfig,
    env: { ...(await isolatedHelmEnv()), ...extra },
    timeoutMs: 120_000,
  });
}

function kubeDeps(kubeconfig: string) {
  const options = { bin: env.kubectlBin, kubeconfig };
  return { kube: new KubectlClient(options), logs: new KubectlLogReader(options) };
}

async function diagnoseRecorded(deps: SnapshotDeps, release: { name: string; namespace: string }) {
  const reads: string[] = [];
  const result = await diagnoseRelease(
    recordReads({ ...deps, now }, (read) => reads.push(read.label)),
    release,
  );
  return { ...result, reads };
}

describe.each(HELM_BINARIES)("a diagnosis snapshot in one round, with $label", ({ bin, major }) => {
  let namespace: string;
  let dir: string;
  beforeAll(async () => {
    namespace = await createNamespace(`oneround${major}`);
    dir = await mkdtemp(join(tmpdir(), "wheelhouse-one-round-"));
  });
  afterAll(async () => {
    await deleteNamespace(namespace);
    await rm(dir, { recursive: true, force: true });
  });

  it("reads helm's records exactly as helm status, history and get values/manifest print them", async () => {
    const helm = await helmWith(bin);
    const release = { name: "recorded", namespace };
    await BROKEN_STATES["unschedulable after upgrade"](helm, bin, release);
    const records = await readReleaseRecords(kubeDeps(env.kubeconfig).kube, release);
    expect([...records.revisions.keys()]).toEqual([1, 2]);
    for (const [revision, stored] of records.revisions) {
      expect(stored.values).toEqual(await helm.getValues(release, { revision }));
      expect(stored.manifest).toBe(await helm.getManifest(release, revision));
    }
    expect(records.history).toEqual(await helm.history(release, 20));
    // helm 3 prints an empty "deleted" the record does not keep; helm 4 prints no chart.
    const comparable = (detail: ReleaseDetail | null) =>
      detail && { ...detail, chart: undefined, info: { ...detail.info, deleted: undefined } };
    expect(comparable(records.latest)).toEqual(comparable(await helm.status(release)));
  });

  it.each([
    "unschedulable after upgrade",
    "failed pre-upgrade hook deleted by its policy",
  ] as const)(
    "%s: diagnosed the same when it may not list the namespace or read helm's records",
    async (state) => {
      const helm = await helmWith(bin);
      const release = { name: state.startsWith("unsched") ? "unplaced" : "hooked", namespace };
      await BROKEN_STATES[state](helm, bin, release);
      const restricted = await restrictedKubeconfig(env.kubeconfig, namespace, dir);
      // Side by side, so the cluster has no time to change between the two.
      const [oneRound, oneByOne] = await Promise.all([
        diagnoseRecorded({ helm, ...kubeDeps(env.kubeconfig) }, release),
        diagnoseRecorded({ helm, ...kubeDeps(restricted) }, release),
      ]);
      expect(oneRound.reads.filter((read) => read.startsWith("helm"))).toEqual([]);
      expect(oneByOne.reads).toContain("helm get values -r 1");
      expect(oneByOne.reads.length).toBeGreaterThan(oneRound.reads.length);
      expect(oneByOne.snapshot.readErrors).toEqual([]);
      expect(oneRound.snapshot.readErrors).toEqual([]);
      expect(oneByOne.diagnosis).toEqual(oneRound.diagnosis);
      expect(isDeepStrictEqual(oneByOne.snapshot.revisions, oneRound.snapshot.revisions)).toBe(
        true,
      );
    },
  );

  it("reads earlier revisions with helm when helm keeps its records in ConfigMaps", async () => {
    const helm = await helmWith(bin, { HELM_DRIVER: "configmap" });
    const release = { name: "configmapped", namespace };
    await BROKEN_STATES["unschedulable after upgrade"](helm, bin, release);
    const { diagnosis, snapshot, reads } = await diagnoseRecorded(
      { helm, ...kubeDeps(env.kubeconfig) },
      release,
    );
    expect(reads).toEqual(
      expect.arrayContaining(["helm status", "helm history", "helm get values -r 1"]),
    );
    expect(snapshot.revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect(snapshot.revisions[1]?.manifest).toContain("kind: Deployment");
    expect(diagnosis.findings[0]?.code).toBe("unschedulable");
    expect(diagnosis.correlation?.revision).toBe(2);
  });
});
