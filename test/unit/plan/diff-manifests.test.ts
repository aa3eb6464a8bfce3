import { describe, expect, it } from "vitest";
import { diffManifests } from "../../../src/plan/diff-manifests.ts";
import { parseManifest } from "../../../src/plan/parse-manifest.ts";
import { configMap, deployment, manifest, secret } from "./plan-fixtures.ts";

describe("diffManifests", () => {
  it("lists added, removed and changed objects by kind, namespace and name", () => {
    const before = manifest(
      deployment("web", "r/webapp:1.0.0"),
      configMap("old"),
      secret("web-auth", "a"),
    );
    const after = manifest(
      deployment("web", "r/webapp:1.0.0", 3),
      configMap("new"),
      secret("web-auth", "a"),
    );
    const diff = diffManifests(before, after, "shop");
    expect(diff.added).toEqual([
      { apiVersion: "v1", kind: "ConfigMap", namespace: "shop", name: "new" },
    ]);
    expect(diff.removed).toEqual([
      { apiVersion: "v1", kind: "ConfigMap", namespace: "shop", name: "old" },
    ]);
    expect(diff.changed).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        namespace: "shop",
        name: "web",
        paths: ["spec.replicas"],
        morePaths: 0,
      },
    ]);
    expect(diff.unchanged).toBe(1);
    expect(diff.imageChanges).toEqual([]);
  });

  it("calls out image changes per container", () => {
    const diff = diffManifests(
      manifest(deployment("web", "r/webapp:1.1.0")),
      manifest(deployment("web", "r/webapp-crash:1.2.0")),
      "shop",
    );
    expect(diff.imageChanges).toEqual([
      {
        kind: "Deployment",
        namespace: "shop",
        name: "web",
        container: "web",
        before: "r/webapp:1.1.0",
        after: "r/webapp-crash:1.2.0",
      },
    ]);
    expect(diff.changed[0]?.paths).toEqual(["spec.template.spec.containers[web].image"]);
  });

  it("shows which Secret fields change, with their lengths, never their values", () => {
    const diff = diffManifests(
      manifest(secret("auth", "s3cr3t-default")),
      manifest(secret("auth", "hunter2")),
      "shop",
    );
    expect(diff.changed[0]?.paths).toEqual([
      "stringData.PASSWORD: REDACTED (14 bytes) → REDACTED (7 bytes)",
    ]);
    expect(JSON.stringify(diff)).not.toMatch(/s3cr3t|hunter2/);
  });

  it("shows a changed env secret and base64 Secret data by length only", () => {
    const withEnv = (value: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n        - name: w\n          env:\n            - name: DB_PASSWORD\n              value: ${value}`;
    const env = diffManifests(
      manifest(withEnv("old-pw-1")),
      manifest(withEnv("new-pw-22")),
      "shop",
    );
    expect(env.changed[0]?.paths).toEqual([
      "spec.template.spec.containers[w].env[DB_PASSWORD].value: REDACTED (8 bytes) → REDACTED (9 bytes)",
    ]);
    const data = (b64: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  token: ${b64}`;
    const secret = diffManifests(
      manifest(data("aHVudGVyMg==")),
      manifest(data("aHVudGVyMjI=")),
      "shop",
    );
    expect(secret.changed[0]?.paths).toEqual([
      "data.token: REDACTED (7 bytes) → REDACTED (8 bytes)",
    ]);
    expect(JSON.stringify([env, secret])).not.toMatch(/old-pw-1|new-pw-22|aHVudGVy/);
  });

  it("quotes label keys that hold dots and slashes", () => {
    const a = manifest(
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels:\n    helm.sh/chart: webapp-1.0.0`,
    );
    const b = manifest(
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels:\n    helm.sh/chart: webapp-1.1.0`,
    );
    expect(diffManifests(a, b, "shop").changed[0]?.paths).toEqual([
      'metadata.labels["helm.sh/chart"]',
    ]);
  });

  it("matches an object across API versions and keeps cluster-scoped objects out of namespaces", () => {
    const crd = (v: string) =>
      `apiVersion: apiextensions.k8s.io/${v}\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com`;
    const diff = diffManifests(manifest(crd("v1beta1")), manifest(crd("v1")), "shop");
    expect(diff.added).toEqual([]);
    expect(diff.changed[0]).toMatchObject({ namespace: null, paths: ["apiVersion"] });
  });
});

describe("parseManifest", () => {
  it("counts documents that are not Kubernetes objects instead of dropping them silently", () => {
    const parsed = parseManifest(
      "---\nkind: Nothing\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
      "ns",
    );
    expect(parsed.objects.map((o) => o.ref.name)).toEqual(["a"]);
    expect(parsed.unreadable).toBe(1);
  });
});
