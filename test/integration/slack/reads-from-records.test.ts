// The /helm reads answered from helm's release records, side by side with helm 4 and helm 3
// themselves on the real cluster: deep-equal results for every read the records answer (latest
// and older, failed and superseded revisions, nested and secret-looking values, a release
// uninstalled with its history kept), helm's own errors for what is not there, and helm's
// answers, unchanged, for a reader that may not list Secrets.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HelmCall, HelmClient } from "../../../src/helm/helm-client.ts";
import { withApiReads } from "../../../src/kube/api-backed-reader.ts";
import type { KubeQuery } from "../../../src/kube/build-kubectl-argv.ts";
import {
  KubectlClient,
  type KubeReader,
  type ReadOptions,
} from "../../../src/kube/kubectl-client.ts";
import type { ReleaseRef } from "../../../src/model/release.ts";
import type { ReadHelm } from "../../../src/slack/read-coalescer.ts";
import { withRecordReads } from "../../../src/slack/reads-from-records.ts";
import { createNamespace, deleteNamespace, kubectl } from "../../support/cluster.ts";
import { HELM_BINARIES, isolatedHelmEnv } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { BROKEN_STATES, install, upgrade } from "../diagnose/broken-releases.ts";
import { restrictedKubeconfig } from "../diagnose/restricted-reader.ts";
import { serviceAccountToken, tokenKubeconfig } from "../kube/service-account-kubeconfig.ts";

const PLANTED = "wh-planted-Pa55w0rd-7f3a9c1e";

const apiReader = (kubeconfig: string): KubeReader => {
  const options = { bin: env.kubectlBin, kubeconfig };
  return withApiReads(new KubectlClient(options), options);
};

// The reads a reader was asked for, in order, each still answered by the reader itself.
function recording(inner: KubeReader) {
  const seen: string[] = [];
  const reader = {
    get: (query: KubeQuery, options?: ReadOptions) => {
      seen.push(`get ${query.namespace} ${query.selector ?? query.name}`);
      return inner.get(query, options);
    },
    getOne: (query: KubeQuery & { name: string }, options?: ReadOptions) => {
      seen.push(`getOne ${query.name}`);
      return inner.getOne(query, options);
    },
    listMetadata: (query: KubeQuery, options?: ReadOptions) => {
      seen.push(`listMetadata ${query.namespace} ${query.selector}`);
      return inner.listMetadata ? inner.listMetadata(query, options) : inner.get(query, options);
    },
  };
  return { reader, seen };
}

async function outcome<T>(
  read: () => Promise<T>,
): Promise<{ ok: T } | { code: string; message: string }> {
  try {
    return { ok: await read() };
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "none";
    const message = error instanceof Error ? error.message : String(error);
    return { code: `${error?.constructor.name}:${code}`, message };
  }
}

// Revision 1 installed with nested and secret-looking values, 2 superseded, 3 failed (a rollout
// that crashes), 4 deployed; `gone` installed, upgraded, then uninstalled with its history kept.
async function releasesOf(helm: HelmClient, namespace: string, major: number) {
  const kept: ReleaseRef = { name: `kept${major}`, namespace };
  const gone: ReleaseRef = { name: `gone${major}`, namespace };
  await install(helm, kept, {
    "auth.password": PLANTED,
    "extra.db.primary.host": "db.internal",
    "extra.db.primary.port": 5432,
    "extra.flags.enabled": true,
  });
  await upgrade(helm, kept, { replicaCount: 2 });
  await upgrade(helm, kept, { "image.tag": "1.5.0-crash" }, true).then(
    () => Promise.reject(new Error("the crashing upgrade unexpectedly succeeded")),
    () => undefined,
  );
  await upgrade(helm, kept, { "image.tag": "1.4.3" });
  await install(helm, gone);
  await upgrade(helm, gone, { replicaCount: 2 });
  await helm.mutate({ kind: "uninstall", release: gone, keepHistory: true });
  return { kept, gone };
}

// Every read the Slack surface makes, and the ones around it, as one comparable value.
async function everyRead(h: ReadHelm, release: ReleaseRef) {
  return {
    status: await outcome(() => h.status(release)),
    status1: await outcome(() => h.status(release, 1)),
    status3: await outcome(() => h.status(release, 3)),
    status9: await outcome(() => h.status(release, 9)),
    history20: await outcome(() => h.history(release, 20)),
    history2: await outcome(() => h.history(release, 2)),
    historyAll: await outcome(() => h.history(release)),
    values: await outcome(() => h.getValues(release)),
    values1: await outcome(() => h.getValues(release, { revision: 1 })),
    valuesAll: await outcome(() => h.getValues(release, { all: true })),
    manifest: await outcome(() => h.getManifest(release)),
    manifest2: await outcome(() => h.getManifest(release, 2)),
    manifest9: await outcome(() => h.getManifest(release, 9)),
  };
}

describe.each(HELM_BINARIES)("reads from release records, $label", ({ bin, major }) => {
  let namespace: string;
  let dir: string;
  let helm: HelmClient;
  let kept: ReleaseRef;
  let gone: ReleaseRef;
  const calls: HelmCall[] = [];

  beforeAll(async () => {
    namespace = await createNamespace(`records${major}`);
    dir = await mkdtemp(join(tmpdir(), "wh-record-reads-"));
    helm = await HelmClient.create({
      bin,
      kubeconfig: env.kubeconfig,
      env: await isolatedHelmEnv(),
      timeoutMs: 120_000,
      onCall: (call) => calls.push(call),
    });
    ({ kept, gone } = await releasesOf(helm, namespace, major));
  });
  afterAll(async () => {
    await deleteNamespace(namespace);
    await rm(dir, { recursive: true, force: true });
  });

  it("gives helm's own results for every read of a release with many revisions", async () => {
    const records = withRecordReads(helm, apiReader(env.kubeconfig));
    const fromHelm = await everyRead(helm, kept);
    calls.length = 0;
    const fromRecords = await everyRead(records, kept);
    expect(fromRecords).toEqual(fromHelm);
    expect(fromHelm.status).toMatchObject({ ok: { version: 4, info: { status: "deployed" } } });
    expect(fromHelm.status3).toMatchObject({ ok: { info: { status: "failed" } } });
    expect(fromHelm.status1).toMatchObject({ ok: { info: { status: "superseded" } } });
    expect(fromHelm.history2).toMatchObject({ ok: [{ revision: 3 }, { revision: 4 }] });
    expect(fromHelm.values).toMatchObject({
      ok: { auth: { password: PLANTED }, extra: { db: { primary: { port: 5432 } } } },
    });
    // Only what the records cannot answer went to helm: --all, and revisions not stored.
    expect(calls.map((c) => c.subcommand).sort()).toEqual(["get-manifest", "get-values", "status"]);
  });

  it("gives helm's results for a release uninstalled with its history kept", async () => {
    const records = withRecordReads(helm, apiReader(env.kubeconfig));
    const fromHelm = await everyRead(helm, gone);
    expect(fromHelm.status).toMatchObject({ ok: { info: { status: "uninstalled" } } });
    expect(await everyRead(records, gone)).toEqual(fromHelm);
  });

  it("gives helm's results for a release left pending-upgrade by a killed helm", async () => {
    const stuck = { name: `stuck${major}`, namespace };
    await BROKEN_STATES["stuck pending-upgrade"](helm, bin, stuck);
    const fromHelm = await everyRead(helm, stuck);
    expect(fromHelm.status).toMatchObject({ ok: { info: { status: "pending-upgrade" } } });
    const records = withRecordReads(helm, apiReader(env.kubeconfig));
    expect(await everyRead(records, stuck)).toEqual(fromHelm);
  });

  it("gives helm's error for a release that does not exist, and for input helm refuses", async () => {
    const records = withRecordReads(helm, apiReader(env.kubeconfig));
    const missing = { name: "no-such-release", namespace };
    const fromHelm = await everyRead(helm, missing);
    expect(fromHelm.status).toMatchObject({
      code: "HelmReleaseNotFoundError:helm_release_not_found",
    });
    expect(await everyRead(records, missing)).toEqual(fromHelm);
    const hostile = { name: "-bad", namespace };
    expect(await everyRead(records, hostile)).toEqual(await everyRead(helm, hostile));
  });

  it("reads only the record of the revision a status, values or manifest prints", async () => {
    const { reader, seen } = recording(apiReader(env.kubeconfig));
    const records = withRecordReads(helm, reader);
    calls.length = 0;
    expect(await records.status(kept)).toEqual(await helm.status(kept));
    expect(await records.getValues(kept, { revision: 1 })).toEqual(
      await helm.getValues(kept, { revision: 1 }),
    );
    expect(await records.getManifest(kept, 2)).toEqual(await helm.getManifest(kept, 2));
    const record = (revision: number) => `getOne sh.helm.release.v1.${kept.name}.v${revision}`;
    const listing = `listMetadata ${namespace} owner=helm,name=${kept.name}`;
    expect(seen).toEqual([listing, record(4), listing, record(1), listing, record(2)]);
    // A history prints every revision: one listing of whole records.
    seen.length = 0;
    expect(await records.history(kept)).toEqual(await helm.history(kept));
    expect(seen).toEqual([`get ${namespace} owner=helm,name=${kept.name}`]);
    // No records at all: helm answers after one listing.
    seen.length = 0;
    const missing = { name: "no-such-release", namespace };
    expect(await outcome(() => records.status(missing))).toEqual(
      await outcome(() => helm.status(missing)),
    );
    expect(seen).toEqual([`listMetadata ${namespace} owner=helm,name=no-such-release`]);
  });

  it("reads every record, as helm does, when a record's labels and body disagree", async () => {
    const liar = { name: `liar${major}`, namespace };
    await install(helm, liar);
    await upgrade(helm, liar, { replicaCount: 2 });
    // Revision 1's record claims to be revision 7: the newest by its label, not by its body.
    const first = `sh.helm.release.v1.${liar.name}.v1`;
    await kubectl(["label", "secret", first, "-n", namespace, "version=7", "--overwrite"]);
    const { reader, seen } = recording(apiReader(env.kubeconfig));
    const records = withRecordReads(helm, reader);
    expect(await records.status(liar)).toEqual(await helm.status(liar));
    expect(await records.status(liar)).toMatchObject({ version: 2 });
    expect(seen.filter((s) => s.startsWith("get "))).toHaveLength(2);
  });

  it("asks helm, with the same results, when the reader may not list Secrets", async () => {
    await restrictedKubeconfig(env.kubeconfig, namespace, dir);
    const token = await serviceAccountToken(namespace, "records", `diag-reader-${namespace}`);
    const { reader, seen } = recording(apiReader(await tokenKubeconfig(dir, "token", { token })));
    const records = withRecordReads(helm, reader);
    calls.length = 0;
    const fromRecords = await everyRead(records, kept);
    expect(calls).toHaveLength(13);
    expect(fromRecords).toEqual(await everyRead(helm, kept));
    // One refused listing per read, then helm: never a second listing the reader is refused too.
    // (values --all goes to helm without any.)
    expect(seen).toHaveLength(12);
    expect(seen.filter((s) => s.startsWith("get "))).toHaveLength(3);
  });
});
