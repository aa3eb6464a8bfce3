import { describe, expect, it } from "vitest";
import { REDACTED, redactManifest, redactValues } from "../../../src/redact/redact-values.ts";

describe("redactValues", () => {
  it("hides values under sensitive keys at any depth and keeps the rest", () => {
    const values = {
      replicaCount: 3,
      auth: { password: "hunter2", username: "admin", existingSecret: "" },
      postgresql: { auth: { postgresPassword: "pg", database: "app" } },
      slack: { botToken: "abc", apiKey: "k", webhookUrl: "https://hooks.slack.com/x" },
      tls: { key: "KEY", crt: "CERT", privateKey: "p" },
      env: [{ name: "A", clientSecret: "s" }],
      enabled: true,
    };
    expect(redactValues(values)).toEqual({
      replicaCount: 3,
      auth: { password: REDACTED, username: "admin", existingSecret: "" },
      postgresql: { auth: { postgresPassword: REDACTED, database: "app" } },
      slack: { botToken: REDACTED, apiKey: REDACTED, webhookUrl: REDACTED },
      tls: { key: REDACTED, crt: "CERT", privateKey: REDACTED },
      env: [{ name: "A", clientSecret: REDACTED }],
      enabled: true,
    });
  });

  it("hides credential-shaped values whatever their key", () => {
    expect(
      redactValues({
        note: "-----BEGIN RSA PRIVATE KEY-----\nMIIE...",
        url: "postgres://app:pa55@db:5432/app",
        plain: "https://example.com/path",
        bot: "xoxb-1234567890-abcdef",
      }),
    ).toEqual({ note: REDACTED, url: REDACTED, plain: "https://example.com/path", bot: REDACTED });
  });

  it("keeps empty and boolean values visible so people can tell a secret is unset", () => {
    expect(redactValues({ password: "", token: null, secret: { enabled: false } })).toEqual({
      password: "",
      token: null,
      secret: { enabled: false },
    });
  });
});

describe("redactManifest", () => {
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
          env:
            - name: DB_PASSWORD
              value: inline-secret
            - name: LOG_LEVEL
              value: info
`;

  it("keeps Secret keys, drops their data, and keeps where each object came from", () => {
    const out = redactManifest(manifest);
    expect(out).not.toContain("s3cr3t-default");
    expect(out).not.toContain("aHVudGVyMg==");
    expect(out).toContain(`PASSWORD: ${REDACTED}`);
    expect(out).toContain("# Source: webapp/templates/secret.yaml");
  });

  it("hides secret-named env values in workloads", () => {
    const out = redactManifest(manifest);
    expect(out).not.toContain("inline-secret");
    expect(out).toContain("value: info");
    expect(out).toContain("image: registry.example.com/webapp:1.0.0");
  });
});
