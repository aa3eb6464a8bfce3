// The in-process reader of helm's release records against the real cluster, side by side with
// kubectl: the same objects for helm 4's and helm 3's records, the same codes when Secrets may
// not be listed (and the same diagnosis, from helm instead), no byte of a Secret in any error,
// hostile queries refused before a request, deadlines kept, and every other read left to kubectl.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { diagnoseRelease } from "../../../src/gather/diagnose-release.ts";
import {
  readReleaseRecords,
  releaseSecretSelector,
} from "../../../src/gather/read-release-records.ts";
import { HelmClient } from "../../../src/helm/helm-client.ts";
import { ApiBackedReader, withApiReads } from "../../../src/kube/api-backed-reader.ts";
import type { KubeQuery } from "../../../src/kube/build-kubectl-argv.ts";
import { createContainerLogReader } from "../../../src/kube/create-container-log-reader.ts";
import { connectKubeApi, type KubeApiConnection } from "../../../src/kube/kube-api-connection.ts";
import { KubeError } from "../../../src/kube/kube-errors.ts";
import { KubectlClient, type KubeReader } from "../../../src/kube/kubectl-client.ts";
import { asCoreQuery, objectsFromAnswer } from "../../../src/kube/read-api-answer.ts";
import type { ReleaseRef } from "../../../src/model/release.ts";
import { createNamespace, deleteNamespace, kubectl } from "../../support/cluster.ts";
import { HELM_BINARIES, isolatedHelmEnv } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { install, upgrade, waitFor } from "../diagnose/broken-releases.ts";
import { restrictedKubeconfig } from "../diagnose/restricted-reader.ts";
import { serviceAccountToken, tokenKubeconfig } from "./service-account-kubeconfig.ts";

// Planted in every release's values: it must never show in an error.
const PLANTED = "wh-planted-Pa55w0rd-7f3a9c1e";
const recordSchema = z.object({ data: z.object({ release: z.string() }) });
const now = () => new Date("2030-01-01T00:00:00Z");

const pairFor = (kubeconfig: string) => {
  const options = { bin: env.kubectlBin, kubeconfig };
  const kube = new KubectlClient(options);
  return { kube, api: withApiReads(kube, options), logs: createContainerLogReader(options) };
};

const secretsOf = (release: ReleaseRef): KubeQuery => ({
  resource: "secrets",
  namespace: release.namespace,
  selector: releaseSecretSelector(release),
});

async function failure(read: Promise<unknown>): Promise<{ code: string; text: string }> {
  try {
    await read;
  } catch (error) {
    if (!(error instanceof KubeError)) throw error;
    const text = [error.message, error.stderrHead, ...error.command, JSON.stringify(error)];
    return { code: error.code, text: [...text, inspect(error, { depth: 10 })].join("\n") };
  }
  throw new Error("the read unexpectedly succeeded");
}

// Any 12 characters in a row of the Secrets' data found in text, or null.
function sharedRun(text: string, data: string[]): string | null {
  for (const value of data) {
    for (let at = 0; at + 12 <= value.length; at++) {
      const run = value.slice(at, at + 12);
      if (text.includes(run)) return run;
    }
  }
  return null;
}

// A port nothing listens on: taken, then given back.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

function connect(kubeconfig: string): KubeApiConnection {
  const connection = connectKubeApi(kubeconfig);
  if (connection === null) throw new Error(`no API connection for ${kubeconfig}`);
  return connection;
}

// Three revisions, the planted password in each; the last one's pods fit no node.
async function releaseWithRevisions(bin: string, release: ReleaseRef): Promise<HelmClient> {
  const helm = await HelmClient.create({
    bin,
    kubeconfig: env.kubeconfig,
    env: await isolatedHelmEnv(),
    timeoutMs: 120_000,
  });
  await install(helm, release, { "auth.password": PLANTED });
  await upgrade(helm, release, { replicaCount: 2 });
  await upgrade(helm, release, { "nodeSelector.disktype": "nvme-nowhere" });
  await waitFor("Unschedulable", async () => {
    const pods = ["get", "pods", "-n", release.namespace, "-o", "json"];
    return (await kubectl(pods)).stdout.includes("Unschedulable");
  });
  return helm;
}

describe("ApiBackedReader on the real cluster", () => {
  let namespace: string;
  let dir: string;
  let full: ReturnType<typeof pairFor>;
  const releases: { label: string; release: ReleaseRef; helm: HelmClient }[] = [];

  beforeAll(async () => {
    namespace = await createNamespace("apireads");
    dir = await mkdtemp(join(tmpdir(), "wh-api-reads-"));
    full = pairFor(env.kubeconfig);
    for (const { label, bin, major } of HELM_BINARIES) {
      const release = { name: `kept${major}`, namespace };
      releases.push({ label, release, helm: await releaseWithRevisions(bin, release) });
    }
  });
  afterAll(async () => {
    await deleteNamespace(namespace);
    await rm(dir, { recursive: true, force: true });
  });

  it("is what the product uses for a client-certificate kubeconfig", () => {
    expect(full.api).toBeInstanceOf(ApiBackedReader);
  });

  it("gives kubectl's objects for helm 4's and helm 3's release records", async () => {
    for (const { label, release } of releases) {
      const query = secretsOf(release);
      const [api, kube] = await Promise.all([full.api.get(query), full.kube.get(query)]);
      expect(api.length, label).toBe(3);
      expect(api, label).toEqual(kube);
      for (const secret of api) expect(secret).toMatchObject({ kind: "Secret", apiVersion: "v1" });
      const name = { resource: "secrets", namespace, name: api[0]?.metadata.name ?? "" };
      expect(await full.api.getOne(name)).toEqual(await full.kube.getOne(name));
      const records = await readReleaseRecords(full.api, release);
      expect([...records.revisions.keys()]).toEqual([1, 2, 3]);
      expect(records.revisions.get(3)?.values).toMatchObject({ auth: { password: PLANTED } });
      expect(records).toEqual(await readReleaseRecords(full.kube, release));
    }
  });

  it("lists the records' metadata alone: kubectl's names and labels, no data", async () => {
    for (const { label, release } of releases) {
      const query = secretsOf(release);
      const listed = await full.api.listMetadata?.(query);
      const whole = await full.kube.get(query);
      expect(
        listed?.map((o) => o.metadata),
        label,
      ).toEqual(whole.map((o) => o.metadata));
      expect(
        listed?.map((o) => o.metadata.labels?.version),
        label,
      ).toEqual(["1", "2", "3"]);
      for (const object of listed ?? []) {
        expect(object, label).toEqual({
          apiVersion: "v1",
          kind: "Secret",
          metadata: object.metadata,
        });
      }
      expect(JSON.stringify(listed)).not.toContain(PLANTED);
    }
    const none = { resource: "secrets", namespace, selector: "owner=helm,name=absent" };
    expect(await full.api.listMetadata?.(none)).toEqual([]);
    // What is not a listing of Secrets or ConfigMaps comes whole, from kubectl.
    const accounts = { resource: "serviceaccounts", namespace };
    expect(await full.api.listMetadata?.(accounts)).toEqual(await full.kube.get(accounts));
  });

  it("agrees with kubectl on ConfigMaps, empty lists and missing objects", async () => {
    const all = { resource: "configmaps", namespace };
    expect(await full.api.get(all)).toEqual(await full.kube.get(all));
    const none = { resource: "secrets", namespace, selector: "owner=helm,name=absent" };
    expect(await full.api.get(none)).toEqual([]);
    const missing = { resource: "secrets", namespace, name: "no-such-secret" };
    expect(await full.api.getOne(missing)).toBeNull();
    expect(await full.kube.getOne(missing)).toBeNull();
    const [api, kube] = await Promise.all([
      failure(full.api.get(missing)),
      failure(full.kube.get(missing)),
    ]);
    expect([api.code, kube.code]).toEqual(["kube_not_found", "kube_not_found"]);
  });

  it("is forbidden where kubectl is, and the diagnosis comes out the same from helm", async () => {
    await restrictedKubeconfig(env.kubeconfig, namespace, dir);
    const token = await serviceAccountToken(namespace, "records", `diag-reader-${namespace}`);
    const restricted = pairFor(await tokenKubeconfig(dir, "token", { token }));
    expect(restricted.api).toBeInstanceOf(ApiBackedReader);
    const [first] = releases;
    if (first === undefined) throw new Error("no release");
    const query = secretsOf(first.release);
    const [api, kube] = await Promise.all([
      failure(restricted.api.get(query)),
      failure(restricted.kube.get(query)),
    ]);
    expect([api.code, kube.code]).toEqual(["kube_forbidden", "kube_forbidden"]);
    expect(api.text).not.toContain(token);
    // Nothing from the records: the snapshot asks helm.
    expect((await readReleaseRecords(restricted.api, first.release)).latest).toBeNull();
    const [allowed, refused] = await Promise.all([
      diagnoseRelease({ helm: first.helm, kube: full.api, logs: full.logs, now }, first.release),
      diagnoseRelease(
        { helm: first.helm, kube: restricted.api, logs: restricted.logs, now },
        first.release,
      ),
    ]);
    expect(refused.diagnosis.findings[0]?.code).toBe("unschedulable");
    expect(refused.diagnosis).toEqual(allowed.diagnosis);
    expect(refused.snapshot.revisions).toEqual(allowed.snapshot.revisions);
  });

  it("puts no byte of a Secret into the error of an oversized, failing or invalid answer", async () => {
    const [first] = releases;
    if (first === undefined) throw new Error("no release");
    const query = secretsOf(first.release);
    const secrets = await full.api.get(query);
    const data = secrets.map((s) => recordSchema.parse(s).data.release);
    expect(data.every((value) => value.length > 1000)).toBe(true);
    const connection = connect(env.kubeconfig);
    const core = asCoreQuery(query);
    if (core === null) throw new Error("not answered in-process");
    const path = `/api/v1/namespaces/${namespace}/secrets?labelSelector=owner%3Dhelm%2Cname%3D${first.release.name}`;
    const { body } = await connection.get(path, {
      signal: AbortSignal.timeout(10_000),
      maxBytes: 1 << 26,
    });
    const list = JSON.parse(body.toString("utf8"));
    // The Secrets' data first, where a quoted head of the body would show it.
    const dataFirst = (items: Record<string, unknown>[], kind = list.kind) =>
      Buffer.from(JSON.stringify({ items: items.map((i) => ({ data: i.data, ...i })), kind }));
    const nameless = structuredClone(list.items);
    nameless[1].metadata.name = undefined;
    const answers = {
      truncated: { status: 200, body: dataFirst(list.items).subarray(0, 2000) },
      "500 with the list": { status: 500, body: dataFirst(list.items) },
      "403 with the list": { status: 403, body: dataFirst(list.items) },
      "an item without a name": { status: 200, body: dataFirst(nameless) },
      "not a SecretList": { status: 200, body: dataFirst(list.items, "ConfigMapList") },
    };
    const failures = [
      failure(new ApiBackedReader(full.kube, connection, { maxBytes: 1024 }).get(query)),
      ...Object.values(answers).map((answer) =>
        failure(
          Promise.resolve().then(() => objectsFromAnswer(core, { ...answer, headers: {} }, [])),
        ),
      ),
    ];
    const codes = [];
    for (const pending of failures) {
      const { code, text } = await pending;
      codes.push(code);
      expect(text).not.toContain(PLANTED);
      expect(text).not.toContain(Buffer.from(PLANTED).toString("base64"));
      expect(sharedRun(text, data), code).toBeNull();
    }
    expect(codes).toEqual([
      "kube_command_failed",
      "kube_output_invalid",
      "kube_command_failed",
      "kube_forbidden",
      "kube_output_invalid",
      "kube_output_invalid",
    ]);
  });

  it("leaves every other read to the reader it wraps", async () => {
    const port = await closedPort();
    const nowhere = await tokenKubeconfig(
      dir,
      "nowhere",
      { token: "x" },
      `https://127.0.0.1:${port}`,
    );
    const reader: KubeReader = new ApiBackedReader(full.kube, connect(nowhere));
    const [first] = releases;
    if (first === undefined) throw new Error("no release");
    // Its own reads go to the closed port...
    expect((await failure(reader.get(secretsOf(first.release)))).code).toBe(
      "kube_cluster_unreachable",
    );
    // ...the rest reach the cluster through kubectl.
    const pods = {
      resource: "pods",
      namespace,
      selector: `app.kubernetes.io/instance=${first.release.name}`,
    };
    expect((await reader.get(pods)).length).toBeGreaterThan(0);
    const several = await reader.get({ resource: "secrets,configmaps", namespace });
    expect(new Set(several.map((o) => o.kind))).toEqual(new Set(["Secret", "ConfigMap"]));
    const named = { resource: "namespaces", name: namespace };
    expect((await reader.getOne(named))?.metadata.name).toBe(namespace);
    const impersonated = {
      ...secretsOf(first.release),
      impersonate: { user: `diag-reader-${namespace}`, groups: [] },
    };
    expect((await failure(reader.get(impersonated))).code).toBe("kube_forbidden");
    const manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: checked\n";
    expect(await reader.validateManifest(manifest, namespace)).toEqual(["configmap/checked"]);
  });
});

describe("ApiBackedReader when the API server is not there", () => {
  let dir: string;
  const token = "wh-test-token-must-never-show-0123456789";
  const at = async (server: string, timeoutMs?: number): Promise<KubeReader> => {
    const kubeconfig = await tokenKubeconfig(dir, "absent", { token }, server);
    const options = { bin: env.kubectlBin, kubeconfig, ...(timeoutMs ? { timeoutMs } : {}) };
    const reader = withApiReads(new KubectlClient(options), options);
    expect(reader).toBeInstanceOf(ApiBackedReader);
    return reader;
  };
  const records = { resource: "secrets", namespace: "shop", selector: "owner=helm,name=web" };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "wh-api-reads-absent-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("refuses hostile selectors, namespaces and names before any request is made", async () => {
    const reader = await at(`https://127.0.0.1:${await closedPort()}`);
    const hostile: Partial<KubeQuery>[] = [
      { selector: "owner=helm&limit=1" },
      { selector: "owner=helm#" },
      { selector: "owner=helm\nname=web" },
      { selector: "--all" },
      { selector: "owner=%2F" },
      { namespace: "kube-system/secrets" },
      { namespace: "../shop" },
      { namespace: "Shop" },
      { namespace: "shop?labelSelector=" },
    ];
    for (const bad of hostile) {
      const refused = await failure(reader.get({ ...records, ...bad }));
      expect(refused.code, JSON.stringify(bad)).toBe("kube_invalid_input");
    }
    const names = ["../configmaps/x", "x/y", "x?watch=true", "-x"];
    for (const name of names) {
      const refused = await failure(
        reader.getOne({ resource: "secrets", namespace: "shop", name }),
      );
      expect(refused.code, name).toBe("kube_invalid_input");
    }
  });

  it("says unreachable, quickly, when the port refuses; the token is in no error", async () => {
    const reader = await at(`https://127.0.0.1:${await closedPort()}`);
    const started = performance.now();
    const refused = await failure(reader.get(records));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refused.code).toBe("kube_cluster_unreachable");
    expect(refused.text).not.toContain(token);
  });

  it("keeps its deadline and the caller's when a listener never answers", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    try {
      const own = await at(`https://127.0.0.1:${address.port}`, 1500);
      let started = performance.now();
      const timedOut = await failure(own.get(records));
      expect(timedOut.code).toBe("kube_timeout");
      expect(performance.now() - started).toBeLessThan(2500);
      expect(timedOut.text).not.toContain(token);
      const patient = await at(`https://127.0.0.1:${address.port}`, 60_000);
      started = performance.now();
      const canceled = await failure(patient.get(records, { signal: AbortSignal.timeout(300) }));
      expect(canceled.code).toBe("kube_timeout");
      expect(performance.now() - started).toBeLessThan(1300);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
