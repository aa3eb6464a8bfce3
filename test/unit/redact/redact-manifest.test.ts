import { describe, expect, it } from "vitest";
import { redactKubeObject } from "../../../src/redact/redact-kube-object.ts";
import { redactManifest } from "../../../src/redact/redact-manifest.ts";
import { REDACTED } from "../../../src/redact/redacted.ts";

const manifest = `---
# Source: webapp/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: web-auth
stringData:
  PASSWORD: "s3cr3t-default"
data:
  TOKEN: aHVudGVyMg==
---
# Source: webapp/templates/list.yaml
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Secret
    metadata:
      name: listed
    stringData:
      key: in-a-list-1
---
# Source: webapp/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/webapp:1.0.0
          args: ["--db-password=arg-secret-2", "--token", "arg-secret-3"]
          env:
            - name: DB_PASSWORD
              value: inline-secret
            - name: DATABASE_URL
              value: postgres://app:url-secret-4@db/app
            - name: LOG_LEVEL
              value: info
`;

describe("redactManifest", () => {
  const out = redactManifest(manifest);

  it("keeps Secret keys, drops their data, and keeps where each object came from", () => {
    expect(out).not.toMatch(/s3cr3t-default|aHVudGVyMg==|in-a-list-1/);
    expect(out).toContain(`PASSWORD: ${REDACTED}`);
    expect(out).toContain("# Source: webapp/templates/secret.yaml");
    expect(out).toContain("name: listed");
  });

  it("hides env values by name and by value, and secrets in args", () => {
    expect(out).not.toMatch(/inline-secret|url-secret-4|arg-secret-2|arg-secret-3/);
    expect(out).toContain("value: info");
    expect(out).toContain("image: registry.example.com/webapp:1.0.0");
  });

  it("still redacts a document that is not valid YAML", () => {
    const broken = redactManifest(
      "kind: ConfigMap\ndata:\n  password: broken-secret-5\n  x: 'open",
    );
    expect(broken).not.toContain("broken-secret-5");
  });
});

describe("redactKubeObject", () => {
  it("redacts kubectl's last-applied-configuration as the object it copies", () => {
    const applied = JSON.stringify({ kind: "Secret", stringData: { token: "applied-secret-6" } });
    const object = {
      kind: "Secret",
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": applied } },
      stringData: { token: "applied-secret-6" },
    };
    expect(JSON.stringify(redactKubeObject(object))).not.toContain("applied-secret-6");
  });

  it("hides a last-applied-configuration it cannot parse", () => {
    const object = {
      kind: "Service",
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"a":' } },
    };
    expect(redactKubeObject(object)).toEqual({
      kind: "Service",
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": REDACTED } },
    });
  });
});
