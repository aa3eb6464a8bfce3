import { describe, expect, it } from "vitest";
import { redactText } from "../../../src/redact/redact-text.ts";
import { loadCorpus } from "./redaction-corpus.ts";

describe("redactText", () => {
  it("hides what helm echoes of a credential, wherever it stands, keeping the rest", () => {
    const stderr = [
      'Error: UPGRADE FAILED: template: webapp/templates/secret.yaml:8: executing "x"',
      "  env DATABASE_URL=postgres://app:pa55w0rd@db:5432/app is invalid",
      "  set password: hunter22 on the release",
      "  see the chart's values.schema.json",
    ].join("\n");
    expect(redactText(stderr).split("\n")).toEqual([
      'Error: UPGRADE FAILED: template: webapp/templates/secret.yaml:8: executing "x"',
      "  env DATABASE_URL=REDACTED is invalid",
      "  set password: REDACTED on the release",
      "  see the chart's values.schema.json",
    ]);
  });

  it.each([
    ["DB_PASSWORD=s3cr3tPa55 connecting", "DB_PASSWORD=REDACTED connecting"],
    ['{"user":"bob","password":"hunter22"}', '{"user":"bob","password":"REDACTED"}'],
    ['{"auth":{"password":{"value":"deep1"}}}', '{"auth":{"password":{"value":"REDACTED"}}}'],
    ["Authorization: Bearer abc.def.ghi123", "Authorization: REDACTED"],
    ["X-Api-Key: k-1234-abcd", "X-Api-Key: REDACTED"],
    ["retry with Bearer tok-123456789", "retry with Bearer REDACTED"],
    ["Server=db;User Id=sa;Password=Sql!2024;", "Server=db;User Id=sa;Password=REDACTED;"],
    ["--db-password=hunter2 --token abc123 --v=2", "--db-password=REDACTED --token REDACTED --v=2"],
    ["mysql -uroot -phunter2 -h db", "mysql -uroot -pREDACTED -h db"],
    ["key AKIAIOSFODNN7EXAMPLE used", "key REDACTED used"],
    ["Admin password: n0tes-Pw", "Admin password: REDACTED"],
  ])("%s", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    "the password field is empty",
    "password authentication failed for user app",
    "invalid token: signature mismatch",
    "WHEELHOUSE_PLAN_KEY: required outside the playground",
    "secretName=db-creds passwordPolicy: strict tokenTTL=5m",
    'MountVolume.SetUp failed for volume "db-password" : secret "db-password" not found',
    "mkdir -p /data && docker run -p 8080:80 nginx",
    "pulled web@sha256:9b2a8f1c7d3e5a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b",
    "--set auth.password=REDACTED --set image.tag=1.2.0",
    "export PASSWORD=$(kubectl get secret db -o jsonpath='{.data.password}' | base64 -d)",
  ])("leaves %s as it is", (line) => {
    expect(redactText(line)).toBe(line);
  });

  it("hides a private key block whole, and one cut short with the lines that follow it", () => {
    const block =
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAabc\n-----END RSA PRIVATE KEY-----";
    expect(redactText(`key:\n${block}\ndone`)).toBe("key:\nREDACTED\ndone");
    expect(
      redactText("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPrivAteKeyMaterialQzX81\nnext"),
    ).toBe("REDACTED\nnext");
  });

  it("hides values that are secret because of the keys above them in a printed config", () => {
    const dump =
      "config:\n  smtp:\n    password:\n      value: nested-secret-1\n  tokens:\n    - list-secret-2";
    const out = redactText(dump);
    expect(out).not.toMatch(/nested-secret-1|list-secret-2/);
    expect(out).toContain("  smtp:");
  });

  it("is idempotent and leaves the bot's own messages unchanged", () => {
    const botText = loadCorpus().filter((s) => s.file === "plan-text.yaml");
    expect(botText.length).toBeGreaterThan(30);
    for (const { input = "" } of botText) {
      expect(redactText(input)).toBe(input);
      expect(redactText(redactText(input))).toBe(redactText(input));
    }
  });
});
