// The in-process check of a manifest against `kubectl apply --dry-run=server` on the real
// cluster: for every case both answer the same lines, or fail with the same code and the same
// stderr text. The in-process one is built with a fallback that fails the test, so these cases
// are answered without kubectl; the odd manifests it leaves to kubectl are checked apart.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiManifestCheck, applyPath } from "../../../src/kube/api-manifest-check.ts";
import { connectKubeApi, type KubeApiConnection } from "../../../src/kube/kube-api-connection.ts";
import { KubeError } from "../../../src/kube/kube-errors.ts";
import { KubectlClient } from "../../../src/kube/kubectl-client.ts";
import { splitManifestObjects } from "../../../src/kube/split-manifest-objects.ts";
import type { KubeIdentity } from "../../../src/model/kube-identity.ts";
import { findImmutableChanges } from "../../../src/plan/explain-immutable-fields.ts";
import { redactText } from "../../../src/redact/redact-text.ts";
import { createNamespace, deleteNamespace, kubectl, uniqueName } from "../../support/cluster.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { tokenKubeconfig } from "./service-account-kubeconfig.ts";

type Outcome = { lines: string[] } | { code: string; stderrHead: string };

const kubectlPath = new KubectlClient({ bin: env.kubectlBin, kubeconfig: env.kubeconfig });

async function outcome(
  check: { prepareValidation: KubectlClient["prepareValidation"] },
  manifest: string,
  namespace: string,
  identity?: KubeIdentity,
): Promise<Outcome> {
  try {
    return { lines: await check.prepareValidation(namespace, identity).validate(manifest) };
  } catch (error) {
    if (!(error instanceof KubeError)) throw error;
    return { code: error.code, stderrHead: error.stderrHead };
  }
}

const configMap = (name: string, ns?: string, extra = "") =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}data:\n  a: "1"\n${extra}`;
const service = (name: string, port: number) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports: [{port: ${port}}]\n`;
const deployment = (name: string, labels: string, annotations = "{}") =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: ${labels}\n  template:\n    metadata:\n      labels: ${labels}\n      annotations: ${annotations}\n    spec:\n      containers: [{name: c, image: r/c:1}]\n`;
const crd = (group: string, kind: string, plural: string) =>
  `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${plural}.${group}\nspec:\n  group: ${group}\n  scope: Namespaced\n  names: {kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}}\n  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]\n`;

describe("ApiManifestCheck (parity with kubectl apply --dry-run=server)", () => {
  let connection: KubeApiConnection;
  let inProcess: ApiManifestCheck;
  let namespace: string;
  let other: string;
  const group = `${uniqueName("wh").replace(/[^a-z0-9]/g, "")}.example.org`;

  const check = { prepareValidation: (ns: string, id?: KubeIdentity) => inProcess.prepare(ns, id) };
  async function same(manifest: string, ns = namespace, identity?: KubeIdentity) {
    const [api, cli] = [
      await outcome(check, manifest, ns, identity),
      await outcome(kubectlPath, manifest, ns, identity),
    ];
    expect(api).toEqual(cli);
    return api;
  }

  beforeAll(async () => {
    const connected = connectKubeApi(env.kubeconfig);
    if (connected === null) throw new Error("the test kubeconfig must be one Wheelhouse reads");
    connection = connected;
    inProcess = new ApiManifestCheck(connection, {
      timeoutMs: 30_000,
      fallback: () => {
        throw new Error("kubectl was used for a manifest the in-process check should read");
      },
    });
    namespace = await createNamespace("apicheck");
    other = await createNamespace("apicheck-b");
  }, 60_000);
  afterAll(async () => {
    await kubectl(["delete", "crd", `alphas.${group}`, `betas.${group}`, "--ignore-not-found"]);
    await Promise.all([deleteNamespace(namespace), deleteNamespace(other)]);
    connection.close();
  });

  it("accepts objects of several namespaces, cluster-scoped ones and Lists, in manifest order", async () => {
    const role = uniqueName("wh-apicheck");
    const manifest = [
      configMap("here").replace("  name: here\n", "  name: here\n  creationTimestamp: null\n"),
      configMap("there", other),
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${role}\nrules: []\n`,
      `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: listed\n- ${deployment("listed", "{app: listed}").replaceAll("\n", "\n  ").trimEnd()}\n`,
      deployment("web", "{app: web}"),
    ].join("---\n");
    expect(await same(manifest)).toEqual({
      lines: [
        "configmap/here",
        "configmap/there",
        `clusterrole.rbac.authorization.k8s.io/${role}`,
        "configmap/listed",
        "deployment.apps/listed",
        "deployment.apps/web",
      ],
    });
    // A dry run stores nothing.
    const { stdout } = await kubectl(["get", "configmaps", "-n", namespace, "-o", "name"]);
    expect(stdout).not.toContain("here");
  });

  it("finds a CRD's kind created after the group was looked up (discovery refetched once)", async () => {
    await applyAndWait(crd(group, "Alpha", "alphas"), `alphas.${group}`);
    const cr = (kind: string) => `apiVersion: ${group}/v1\nkind: ${kind}\nmetadata:\n  name: one\n`;
    expect(await same(cr("Alpha"))).toEqual({ lines: [`alpha.${group}/one`] });
    await applyAndWait(crd(group, "Beta", "betas"), `betas.${group}`);
    expect(await same(cr("Beta"))).toEqual({ lines: [`beta.${group}/one`] });
  });

  it("rejects an unknown kind as kubectl does", async () => {
    const gizmo = `apiVersion: example.org/v1\nkind: Gizmo\nmetadata:\n  name: g\n`;
    const result = await same(gizmo);
    expect(result).toMatchObject({
      code: "kube_rejected",
      stderrHead: expect.stringContaining('no matches for kind "Gizmo"'),
    });
    // Several failures of several sorts: the same lines in the same order.
    const gadget = `apiVersion: v1\nkind: Gadget\nmetadata:\n  name: h\n`;
    const mixed = [
      gizmo,
      configMap("fine"),
      service("bad", 0),
      gadget,
      configMap("u", "", "bogus: 1\n"),
    ];
    const several = await same(mixed.join("---\n"));
    expect(several).toMatchObject({ code: "kube_rejected" });
  });

  it("rejects invalid objects with a message naming the object", async () => {
    expect(await same(service("port-zero", 0))).toMatchObject({
      code: "kube_rejected",
      stderrHead: expect.stringContaining('The Service "port-zero" is invalid'),
    });
    expect(await same(configMap("undeclared", "", "bogus: 1\n"))).toMatchObject({
      code: "kube_rejected",
      stderrHead: expect.stringContaining(".bogus: field not declared in schema"),
    });
    const two = await same([service("s1", 0), service("s2", 0)].join("---\n"));
    expect(two).toMatchObject({ stderrHead: expect.stringContaining('Service "s2" is invalid') });
  });

  it("answers in the server's words what only the server refuses", async () => {
    const cases = [
      "apiVersion: v1\nkind: Binding\nmetadata:\n  name: b\n",
      configMap("lost", "no-such-namespace-q"),
      configMap("Upper"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\ndata: {a: yes}\n",
    ];
    const answers = [];
    for (const manifest of cases) answers.push(await same(manifest));
    expect(answers).toMatchObject([
      {
        stderrHead:
          "Error from server (NotFound): the server could not find the requested resource",
      },
      { stderrHead: 'Error from server (NotFound): namespaces "no-such-namespace-q" not found' },
      { stderrHead: expect.stringMatching(/^The ConfigMap "Upper" is invalid: metadata\.name/) },
      // YAML 1.1 as kubectl reads it: `yes` is a bool.
      { stderrHead: expect.stringContaining(".data.a: expected string") },
    ]);
  });

  it("rejects objects without a name, or with only generateName, as kubectl does", async () => {
    const nameless = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n";
    expect(await same(nameless)).toMatchObject({
      code: "kube_rejected",
      stderrHead: "error: resource name may not be empty",
    });
    const generated = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\n";
    expect(await same(`${generated}---\n${nameless}`)).toMatchObject({
      stderrHead: "from gen-: cannot use generate name with apply\nresource name may not be empty",
    });
    expect(await same("# nothing\n---\n")).toMatchObject({
      stderrHead: "error: no objects passed to apply",
    });
  });

  it("names immutable fields a change would touch, in the words the plan explains", async () => {
    await applyText(deployment("fixed", "{app: fixed}"));
    const changed = deployment("fixed", "{app: fixed, tier: web}");
    const alone = await same(changed);
    const withOther = await same([changed, service("port-zero", 0)].join("---\n"));
    expect(withOther).toMatchObject({ code: "kube_rejected" });
    const head = "stderrHead" in withOther ? withOther.stderrHead : "";
    expect(findImmutableChanges(head, namespace)).toMatchObject([
      { kind: "Deployment", name: "fixed", field: "spec.selector" },
    ]);
    expect(alone).toMatchObject({ stderrHead: expect.stringContaining("field is immutable") });
  });

  it("prints the API server's warnings once, before the errors", async () => {
    const seccomp = "{seccomp.security.alpha.kubernetes.io/pod: runtime/default}";
    const manifest = [
      deployment("w1", "{app: w1}", seccomp),
      deployment("w2", "{app: w2}", seccomp),
      service("port-zero", 0),
    ].join("---\n");
    expect(await same(manifest)).toMatchObject({
      stderrHead: expect.stringMatching(
        /^Warning: spec\.template\.metadata\.annotations.*\nThe Service/,
      ),
    });
  });

  it("checks as the requester: no rights is forbidden exactly as kubectl --as", async () => {
    const nobody = { user: uniqueName("wh-nobody"), groups: ["wh-team"] };
    const forbidden = await same(
      [configMap("a"), configMap("b", other)].join("---\n"),
      namespace,
      nobody,
    );
    expect(forbidden).toMatchObject({
      code: "kube_rejected",
      stderrHead: expect.stringMatching(/Forbidden.*cannot patch resource "configmaps"/),
    });
    const editor = uniqueName("wh-editor");
    await kubectl([
      "create",
      "rolebinding",
      editor,
      "-n",
      namespace,
      "--clusterrole=edit",
      `--user=${editor}`,
    ]);
    expect(await same(configMap("a"), namespace, { user: editor, groups: [] })).toEqual({
      lines: ["configmap/a"],
    });
    // Rights that come with a group only: the groups reach the API server too.
    const team = uniqueName("wh-team");
    await kubectl([
      ...["create", "rolebinding", team, "-n", namespace],
      ...["--clusterrole=edit", `--group=${team}`],
    ]);
    const member = { user: uniqueName("wh-member"), groups: ["wh-other", team] };
    expect(await same(configMap("b"), namespace, member)).toEqual({ lines: ["configmap/b"] });
    expect(() => inProcess.prepare(namespace, { user: "-bad", groups: [] })).toThrow(
      expect.objectContaining({ code: "kube_invalid_input" }),
    );
  });

  it("keeps a planted secret out of the error text, as kubectl's does", async () => {
    const planted = "planted-Secret-Value-9f2c";
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  "bad key!": ${planted}\n  good: ${planted}\n`;
    const result = await same(secret);
    expect(result).toMatchObject({ code: "kube_rejected" });
    expect(JSON.stringify(result)).not.toContain(planted);
    // What the server does echo (an invalid label value) is the same text on both paths, and
    // the redaction every reply goes through hides it the same way.
    const echoed = configMap("labelled", "", "").replace(
      "  name: labelled\n",
      `  name: labelled\n  labels: {db: "password=${planted}"}\n`,
    );
    const rejected = await same(echoed);
    const head = "stderrHead" in rejected ? rejected.stderrHead : "";
    expect(head).toContain(planted);
    expect(redactText(head)).not.toContain(planted);
    expect(redactText(head)).toContain('ConfigMap "labelled" is invalid');
  });

  it("leaves manifests kubectl refuses or reads oddly to kubectl, never to a URL", async () => {
    const hostile = [
      configMap("a/b"),
      configMap('"..'),
      configMap('"a%2Fb"'),
      configMap("ok", '"x/y"'),
      "apiVersion: ../x/v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
      "apiVersion: v1\nkind: Config/Map\nmetadata:\n  name: a\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yes\n",
      "a: &x 1\nb: *x\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {on: yes}\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: {mode: 0755}\n",
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMapList\n  items: []\n",
      "just text\n",
    ];
    for (const manifest of hostile) expect(splitManifestObjects(manifest, namespace)).toBeNull();
    const product = new KubectlClient({
      bin: env.kubectlBin,
      kubeconfig: env.kubeconfig,
      api: connection,
    });
    for (const manifest of [...hostile.slice(0, 4), ...hostile.slice(-3)]) {
      expect(await outcome(product, manifest, namespace)).toEqual(
        await outcome(kubectlPath, manifest, namespace),
      );
    }
    const odd = {
      group: "",
      version: "v1",
      kind: "ConfigMap",
      name: "a b",
      generateName: "",
      namespace: "n",
      text: "",
    };
    expect(applyPath(odd, { name: "configmaps", namespaced: true })).toContain(
      "/configmaps/a%20b?",
    );
  });

  it("times out, is cancelled and says when the cluster cannot be reached", async () => {
    const many = Array.from({ length: 40 }, (_, i) => configMap(`m${i}`)).join("---\n");
    const hurried = new ApiManifestCheck(connection, {
      timeoutMs: 1,
      fallback: check.prepareValidation,
    });
    await expect(hurried.prepare(namespace).validate(many)).rejects.toMatchObject({
      code: "kube_timeout",
    });
    const prepared = inProcess.prepare(namespace);
    const running = prepared.validate(many);
    await prepared.cancel();
    await expect(running).rejects.toMatchObject({ code: "kube_timeout" });

    const dir = await mkdtemp(join(tmpdir(), "wheelhouse-apicheck-"));
    const offline = await tokenKubeconfig(dir, "offline", { token: "t" }, "https://127.0.0.1:1");
    const down = connectKubeApi(offline);
    if (down === null) throw new Error("the offline kubeconfig must be one Wheelhouse reads");
    const unreachable = new KubectlClient({ bin: env.kubectlBin, kubeconfig: offline, api: down });
    const viaKubectl = new KubectlClient({ bin: env.kubectlBin, kubeconfig: offline });
    for (const client of [unreachable, viaKubectl])
      await expect(client.validateManifest(configMap("x"), namespace)).rejects.toMatchObject({
        code: "kube_cluster_unreachable",
      });
    down.close();
  });

  async function applyText(manifest: string) {
    await execa(env.kubectlBin, ["apply", "-n", namespace, "-f", "-"], {
      input: manifest,
      env: { KUBECONFIG: env.kubeconfig },
    });
  }
  async function applyAndWait(manifest: string, name: string) {
    await applyText(manifest);
    await kubectl(["wait", "--for=condition=Established", `crd/${name}`, "--timeout=30s"]);
  }
});
