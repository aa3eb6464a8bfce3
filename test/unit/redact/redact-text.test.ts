import { describe, expect, it } from "vitest";
import { redactText } from "../../../src/redact/redact-text.ts";

describe("redactText", () => {
  it("hides a line in which helm echoes a credential, wherever it stands", () => {
    const stderr = [
      'Error: UPGRADE FAILED: template: webapp/templates/secret.yaml:8: executing "x"',
      "  env DATABASE_URL=postgres://app:pa55w0rd@db:5432/app is invalid",
      "  set password: hunter22 on the release",
      "  see the chart's values.schema.json",
    ].join("\n");
    const out = redactText(stderr);
    expect(out).not.toContain("pa55w0rd");
    expect(out).not.toContain("hunter22");
    expect(out).toContain("values.schema.json");
    expect(out.split("\n")).toHaveLength(4);
  });
});
