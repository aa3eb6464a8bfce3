import { describe, expect, it } from "vitest";
import { keyWords } from "../../../src/redact/key-words.ts";
import {
  isSensitiveKey,
  isSensitiveKeyPath,
  splitKeyPath,
} from "../../../src/redact/sensitive-key.ts";

const path = (key: string) => splitKeyPath(key);

describe("keyWords", () => {
  it.each([
    ["dbPassword", ["db", "password"]],
    ["DB_PASSWORD", ["db", "password"]],
    ["DBPassword", ["db", "password"]],
    ["db-password", ["db", "password"]],
    ["pgpassword", ["pg", "password"]],
    ["existingSecretPasswordKey", ["existing", "secret", "password", "key"]],
    ["secretkeyref", ["secret", "key", "ref"]],
    ["passwords", ["passwords"]],
  ])("%s", (key, words) => {
    expect(keyWords(key)).toEqual(words);
  });
});

describe("isSensitiveKeyPath", () => {
  it.each([
    "auth.password.value",
    "postgresql.auth.postgresPassword",
    "DB_PASSWORD",
    "tls.key",
    "ingress.tls.key",
    "apiKey",
    "X-Api-Key",
    "AWS_SECRET_ACCESS_KEY",
    "SECRET_KEY_BASE",
    "slack.webhookUrl",
    "notifier.webhook.url",
    "sentry.dsn",
    "basicAuth",
    "auths.registry.auth",
    "SMTP_PASS",
    "vault.secretId",
    "configs.secret.githubSecret",
    "reporting.connectionString",
    "passwords.app_owner",
    "requirepass",
  ])("%s is sensitive", (key) => {
    expect(isSensitiveKeyPath(path(key))).toBe(true);
  });

  it.each([
    "existingSecret",
    "auth.existingSecret",
    "secretName",
    "tls.secretName",
    "passwordPolicy",
    "tokenTTL",
    "secretRef.name",
    "env.valueFrom.secretKeyRef.key",
    "passwordLength",
    "auth.enabled",
    "auth.username",
    "existingSecretPasswordKey",
    "tolerations.0.key",
    "maxTokens",
    "imagePullSecrets.0.name",
    "webhooks.0.admissionReviewVersions",
    "tokenUrl",
    "passwordFile",
    "checksum/secret",
    "auth.secretKeys.adminPasswordKey",
    "topologyKey",
    "publishableKey",
    "proxy_pass",
    "credentials.username",
  ])("%s is not", (key) => {
    expect(isSensitiveKeyPath(path(key))).toBe(false);
  });

  it("reads one key on its own, dots included", () => {
    expect(isSensitiveKey("tls.key")).toBe(true);
    expect(isSensitiveKey("tls.crt")).toBe(false);
  });
});
