// The in-process log reader against the real cluster, side by side with `kubectl logs`: the same
// text for the same query, the same error codes for the same failures, nothing sent for a
// hostile name, and deadlines kept when the API server refuses or never answers.
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiLogReader } from "../../../src/kube/api-log-reader.ts";
import { createContainerLogReader } from "../../../src/kube/create-container-log-reader.ts";
import { KubeError } from "../../../src/kube/kube-errors.ts";
import type { ContainerLogReader, LogQuery } from "../../../src/kube/kubectl-logs.ts";
import { KubectlLogReader } from "../../../src/kube/kubectl-logs.ts";
import { createNamespace, deleteNamespace, kubectl } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { BROKEN_STATES } from "../diagnose/broken-releases.ts";
import { restrictedKubeconfig } from "../diagnose/restricted-reader.ts";
import { serviceAccountToken, tokenKubeconfig } from "./service-account-kubeconfig.ts";

const readers = (kubeconfig: string) => ({
  api: createContainerLogReader({ bin: env.kubectlBin, kubeconfig }),
  kubectl: new KubectlLogReader({ bin: env.kubectlBin, kubeconfig }),
});

async function failure(read: Promise<unknown>): Promise<{ code: string; text: string }> {
  try {
    await read;
  } catch (error) {
    if (!(error instanceof KubeError)) throw error;
    const text = [error.message, error.stderrHead, String(error.cause), JSON.stringify(error)];
    return { code: error.code, text: text.join("\n") };
  }
  throw new Error("the read unexpectedly succeeded");
}

async function bothFail(pair: ReturnType<typeof readers>, query: LogQuery) {
  const [api, kube] = await Promise.all([
    failure(pair.api.tail(query)),
    failure(pair.kubectl.tail(query)),
  ]);
  expect(api.code).toBe(kube.code);
  return api.code;
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

describe("ApiLogReader on the real cluster", () => {
  let namespace: string;
  let dir: string;
  let query: LogQuery;
  let full: ReturnType<typeof readers>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "wh-api-logs-"));
    namespace = await createNamespace("apilogs");
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    await BROKEN_STATES["crash-loop after upgrade"](helm, env.helm4Bin, {
      name: "crashing",
      namespace,
    });
    const { stdout } = await kubectl([
      ...["get", "pods", "-n", namespace, "-l", "app.kubernetes.io/instance=crashing"],
      "-o",
      "jsonpath={.items[?(@.status.containerStatuses[0].restartCount>0)].metadata.name}",
    ]);
    const pod = stdout.split(" ").find((name) => name !== "");
    if (pod === undefined) throw new Error("the crash-looping release has no restarted pod");
    query = { namespace, pod, container: "web", previous: true, lines: 50 };
    full = readers(env.kubeconfig);
  });
  afterAll(() => deleteNamespace(namespace));

  it("is what the product uses for a client-certificate kubeconfig", () => {
    expect(full.api).toBeInstanceOf(ApiLogReader);
  });

  it("gives kubectl's text for the current and the previous instance", async () => {
    for (const q of [query, { ...query, previous: false }, { ...query, lines: 2 }]) {
      const [api, kube] = await Promise.all([full.api.tail(q), full.kubectl.tail(q)]);
      expect(api).toBe(kube);
      expect(api).not.toBe("");
    }
    const previous = await full.api.tail(query);
    expect(previous).not.toBe(await full.api.tail({ ...query, previous: false }));
  });

  it("answers a missing pod, namespace or container with kubectl's codes", async () => {
    expect(await bothFail(full, { ...query, pod: "no-such-pod" })).toBe("kube_not_found");
    expect(await bothFail(full, { ...query, namespace: "no-such-ns-x1" })).toBe("kube_not_found");
    await bothFail(full, { ...query, container: "sidecar" });
  });

  it("reads with a token its own namespace, and is forbidden where kubectl is", async () => {
    await restrictedKubeconfig(env.kubeconfig, namespace, dir);
    const token = await serviceAccountToken(namespace, "log-reader", `diag-reader-${namespace}`);
    const pair = readers(await tokenKubeconfig(dir, "token", { token }));
    expect(pair.api).toBeInstanceOf(ApiLogReader);
    expect(await pair.api.tail(query)).toBe(await pair.kubectl.tail(query));
    const elsewhere = { ...query, namespace: "default" };
    expect(await bothFail(pair, elsewhere)).toBe("kube_forbidden");
    expect((await failure(pair.api.tail(elsewhere))).text).not.toContain(token);
  });

  it("re-reads a token file when it changes (rotation)", async () => {
    const allowed = await serviceAccountToken(namespace, "rotating", `diag-reader-${namespace}`);
    const nobody = await serviceAccountToken(namespace, "nobody", null);
    const tokenFile = join(dir, "token");
    await writeFile(tokenFile, allowed);
    const api = createContainerLogReader({
      bin: env.kubectlBin,
      kubeconfig: await tokenKubeconfig(dir, "token-file", { tokenFile }),
    });
    expect(await api.tail(query)).toContain("\n");
    await writeFile(tokenFile, `${nobody}\n`);
    const denied = await failure(api.tail(query));
    expect(denied.code).toBe("kube_forbidden");
    for (const token of [allowed, nobody]) expect(denied.text).not.toContain(token);
  });
});

describe("ApiLogReader when the API server is not there", () => {
  let dir: string;
  const token = "wh-test-token-must-never-show-0123456789";
  const query = { namespace: "shop", pod: "web-1", container: "web", previous: false, lines: 5 };
  const at = async (server: string, timeoutMs?: number): Promise<ContainerLogReader> => {
    const kubeconfig = await tokenKubeconfig(dir, "absent", { token }, server);
    const reader = createContainerLogReader({
      bin: env.kubectlBin,
      kubeconfig,
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    expect(reader).toBeInstanceOf(ApiLogReader);
    return reader;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "wh-api-logs-absent-"));
  });

  it("refuses hostile names before any request is made", async () => {
    const reader = await at(`https://127.0.0.1:${await closedPort()}`);
    const hostile: Partial<LogQuery>[] = [
      { pod: "../../../secrets/x" },
      { pod: "web?previous=true" },
      { container: "-c" },
      { container: "web&tailLines=100000" },
      { namespace: "kube-system/pods" },
      { namespace: "Shop" },
      { lines: 1e9 },
    ];
    for (const bad of hostile) {
      const refused = await failure(reader.tail({ ...query, ...bad }));
      expect(refused.code, JSON.stringify(bad)).toBe("kube_invalid_input");
    }
  });

  it("says unreachable, quickly, when the port refuses; the token is in no error", async () => {
    const reader = await at(`https://127.0.0.1:${await closedPort()}`);
    const started = performance.now();
    const refused = await failure(reader.tail(query));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refused.code).toBe("kube_cluster_unreachable");
    expect(refused.text).not.toContain(token);
  });

  it("times out within its deadline when a listener never answers", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    try {
      const reader = await at(`https://127.0.0.1:${address.port}`, 1500);
      const started = performance.now();
      const timedOut = await failure(reader.tail(query));
      expect(timedOut.code).toBe("kube_timeout");
      expect(performance.now() - started).toBeLessThan(2500);
      expect(timedOut.text).not.toContain(token);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
