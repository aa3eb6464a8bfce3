import { describe, expect, it } from "vitest";
import { redactValues } from "../../../src/redact/redact-values.ts";
import { REDACTED } from "../../../src/redact/redacted.ts";

describe("redactValues", () => {
  it("hides values under a sensitive segment anywhere in the path and keeps the rest", () => {
    const values = {
      replicaCount: 3,
      auth: { password: { value: "hunter22x" }, username: "admin", existingSecret: "" },
      postgresql: { auth: { postgresPassword: "pg-secret-1", database: "app" } },
      slack: { botToken: "abc", apiKey: "k", webhookUrl: "https://hooks.example.com/x" },
      tls: { key: "KEY", crt: "CERT", privateKey: "p", secretName: "web-tls" },
      passwords: ["a1", "b2"],
      enabled: true,
    };
    expect(redactValues(values)).toEqual({
      replicaCount: 3,
      auth: { password: { value: REDACTED }, username: "admin", existingSecret: "" },
      postgresql: { auth: { postgresPassword: REDACTED, database: "app" } },
      slack: { botToken: REDACTED, apiKey: REDACTED, webhookUrl: REDACTED },
      tls: { key: REDACTED, crt: "CERT", privateKey: REDACTED, secretName: "web-tls" },
      passwords: [REDACTED, REDACTED],
      enabled: true,
    });
  });

  it("keeps the names, references and settings of secrets", () => {
    const values = {
      existingSecret: "db-creds",
      passwordPolicy: "strict",
      tokenTTL: "5m",
      envFrom: [{ secretRef: { name: "shared" } }],
      env: [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "password" } } }],
      auth: { enabled: false, password: "", token: null },
      maxTokens: 4096,
    };
    expect(redactValues(values)).toEqual(values);
  });

  it("hides credential-shaped values whatever their key", () => {
    expect(
      redactValues({
        note: "-----BEGIN RSA PRIVATE KEY-----\nMIIE...",
        url: "postgres://app:pa55@db:5432/app",
        plain: "https://example.com/path",
        bot: "xoxb-1234567890-abcdef",
        hook: "https://hooks.slack.com/services/T0/B0/abcdefgh12345678",
      }),
    ).toEqual({
      note: REDACTED,
      url: REDACTED,
      plain: "https://example.com/path",
      bot: REDACTED,
      hook: REDACTED,
    });
  });

  it("hides env values by their name, and flag values in argument lists", () => {
    expect(
      redactValues({
        extraEnv: [
          { name: "DB_PASSWORD", value: "pw-1234" },
          { name: "LOG_LEVEL", value: "info" },
        ],
        args: ["--token", "tok-5678", "--db-password=pw-9012", "--port=8080"],
      }),
    ).toEqual({
      extraEnv: [
        { name: "DB_PASSWORD", value: REDACTED },
        { name: "LOG_LEVEL", value: "info" },
      ],
      args: ["--token", REDACTED, `--db-password=${REDACTED}`, "--port=8080"],
    });
  });

  it("hides the data of a Secret embedded anywhere, keeping its keys", () => {
    const out = redactValues({
      extraObjects: [{ apiVersion: "v1", kind: "Secret", stringData: { user: "u1", pass: "p1" } }],
    });
    expect(out).toEqual({
      extraObjects: [
        { apiVersion: "v1", kind: "Secret", stringData: { user: REDACTED, pass: REDACTED } },
      ],
    });
  });

  it("redacts config files held in strings line by line, keeping their layout", () => {
    const config = "[server]\nport = 8080\n[security]\nadmin_password = s3cr3t-ini\n";
    expect(redactValues({ grafana: { config } })).toEqual({
      grafana: { config: `[server]\nport = 8080\n[security]\nadmin_password = ${REDACTED}\n` },
    });
  });

  it("hides random-looking values under credential-ish keys only", () => {
    expect(
      redactValues({ license: "4F7A-9C2E-1B8D-6E3F-0A5B", edition: "4F7A-9C2E-1B8D-6E3F-0A5B" }),
    ).toEqual({ license: REDACTED, edition: "4F7A-9C2E-1B8D-6E3F-0A5B" });
  });
});
