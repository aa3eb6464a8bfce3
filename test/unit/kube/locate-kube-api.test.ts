// Which kubeconfig shapes Wheelhouse reads itself to reach the API server, and which it leaves
// to kubectl; fixtures hold fake PEM-looking material, never a real key.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { createContainerLogReader } from "../../../src/kube/create-container-log-reader.ts";
import { connectKubeApi } from "../../../src/kube/kube-api-connection.ts";
import { KubectlLogReader } from "../../../src/kube/kubectl-logs.ts";
import { type KubeApiEnvironment, locateKubeApi } from "../../../src/kube/locate-kube-api.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "kubeconfig");
const UNSUPPORTED = join(FIXTURES, "unsupported");
const nowhere: KubeApiEnvironment = {
  env: {},
  home: "/nonexistent-home",
  serviceAccountDir: "/nonexistent-sa",
};
const pem = (text: string) => readFileSync(join(FIXTURES, text));
const secrets = ["fake-token", "fake-password", "fake-id-token", "RkFLRSBL", "PRIVATE KEY"];

describe("locateKubeApi from a kubeconfig", () => {
  it("takes the current context's cluster and client certificate", () => {
    const access = locateKubeApi(join(FIXTURES, "client-certificate.yaml"), nowhere);
    if (access.target === null) throw new Error(access.reason);
    expect(access.target.server.href).toBe("https://10.0.0.1:6443/");
    expect(access.target.servername).toBe("kubernetes.default");
    expect(access.target.ca.toString()).toContain("RkFLRSBDQSBGT1IgVEVTVFM=");
    expect(access.target.cert?.toString()).toContain("BEGIN CERTIFICATE");
    expect(access.target.key?.toString()).toContain("BEGIN PRIVATE KEY");
    expect(access.target.token).toBeUndefined();
  });

  it("reads a token, a CA file beside the kubeconfig and a server under a path prefix", () => {
    const access = locateKubeApi(join(FIXTURES, "token.yaml"), nowhere);
    if (access.target === null) throw new Error(access.reason);
    expect(access.target).toMatchObject({
      token: "fake-token-0123456789abcdef",
      ca: pem("ca.pem"),
    });
    expect(access.target.server.pathname).toBe("/k8s/clusters/c-abc12/");
    expect(access.target.cert).toBeUndefined();
  });

  it("resolves a token file beside the kubeconfig (read at request time)", () => {
    const access = locateKubeApi(join(FIXTURES, "token-file.yaml"), nowhere);
    if (access.target === null) throw new Error(access.reason);
    expect(access.target.tokenFile).toBe(join(FIXTURES, "token.txt"));
  });

  const unsupported = readdirSync(UNSUPPORTED).filter((f) => f.endsWith(".yaml"));
  it.each(unsupported)("leaves %s to kubectl, with a reason that holds no secret", (file) => {
    const access = locateKubeApi(join(UNSUPPORTED, file), nowhere);
    expect(access.target).toBeNull();
    if (access.target !== null) return;
    expect(access.reason).not.toBe("");
    for (const secret of secrets) expect(access.reason).not.toContain(secret);
  });

  it("finds every unsupported fixture", () => {
    expect(unsupported.length).toBeGreaterThanOrEqual(10);
  });

  it("refuses YAML that is no kubeconfig and a context naming a missing user", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wh-kubeconfig-"));
    await writeFile(join(dir, "broken"), "clusters: [\n");
    const noUser = readFileSync(join(FIXTURES, "token.yaml"), "utf8").replace(
      "user: reader }",
      "user: ghost }",
    );
    await writeFile(join(dir, "no-user"), noUser.replaceAll("ca.pem", join(FIXTURES, "ca.pem")));
    expect(locateKubeApi(join(dir, "broken"), nowhere).target).toBeNull();
    expect(locateKubeApi(join(dir, "no-user"), nowhere)).toMatchObject({ target: null });
  });
});

describe("locateKubeApi: which kubeconfig, as kubectl chooses it", () => {
  const token = join(FIXTURES, "token.yaml");

  it("uses the adapter's kubeconfig over $KUBECONFIG, and $KUBECONFIG over ~/.kube/config", () => {
    const env = { KUBECONFIG: join(UNSUPPORTED, "exec.yaml") };
    expect(locateKubeApi(token, { ...nowhere, env }).target).not.toBeNull();
    expect(locateKubeApi(undefined, { ...nowhere, env }).target).toBeNull();
    expect(locateKubeApi(undefined, { ...nowhere, env: { KUBECONFIG: token } }).target).not.toBe(
      null,
    );
  });

  it("leaves several KUBECONFIG paths, a missing file and an HTTPS proxy to kubectl", () => {
    const two = [token, join(FIXTURES, "token-file.yaml")].join(delimiter);
    expect(locateKubeApi(two, nowhere)).toMatchObject({ target: null, reason: /several/ });
    expect(locateKubeApi(join(FIXTURES, "absent.yaml"), nowhere).target).toBeNull();
    const proxied = { ...nowhere, env: { HTTPS_PROXY: "http://proxy.example:3128" } };
    expect(locateKubeApi(token, proxied)).toMatchObject({ target: null, reason: /proxy/ });
  });

  it("with no kubeconfig file, uses the pod's service account, its token read per request", () => {
    const inPod: KubeApiEnvironment = {
      env: { KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "443" },
      home: "/nonexistent-home",
      serviceAccountDir: FIXTURES.replace(/kubeconfig$/, "kubeconfig/service-account"),
    };
    const access = locateKubeApi(undefined, inPod);
    if (access.target === null) throw new Error(access.reason);
    expect(access.target.server.host).toBe("[fd00::1]");
    expect(access.target.tokenFile).toBe(join(inPod.serviceAccountDir, "token"));
    expect(access.target.token).toBeUndefined();
    expect(locateKubeApi(undefined, nowhere)).toMatchObject({ target: null });
  });
});

describe("createContainerLogReader", () => {
  it("falls back to kubectl when the kubeconfig's PEM material cannot be loaded", () => {
    const kubeconfig = join(FIXTURES, "client-certificate.yaml");
    expect(connectKubeApi(kubeconfig, nowhere)).toBeNull();
    const reader = createContainerLogReader({ bin: "kubectl", kubeconfig }, nowhere);
    expect(reader).toBeInstanceOf(KubectlLogReader);
  });
});
