// What the command line prints is redacted by its writer: JSON keeps its layout and loses its
// secrets by key and by content; any other text by the free-text rules.
import { describe, expect, it } from "vitest";
import { redactedWriter, redactOutput } from "../../../src/cli/redact-output.ts";

const URL_SECRET = "Pq9xWm2Lr7Vt";
const dsn = `postgres://app:${URL_SECRET}@db:5432/app`;

describe("redactOutput", () => {
  it("redacts JSON by key and by content, keeping its indentation", () => {
    const values = { db: { password: "plain-hunter22", url: dsn }, replicaCount: 2 };
    const out = redactOutput(JSON.stringify(values, null, 2));
    expect(out).not.toContain("plain-hunter22");
    expect(out).not.toContain(URL_SECRET);
    expect(out).toContain('\n  "db": {\n    "password": "REDACTED"');
    expect(JSON.parse(out).replicaCount).toBe(2);
  });

  it("keeps one-line JSON on one line (analyze prints one Intent per line)", () => {
    const intent = { operation: "set-values", set: { "db.password": "plain-hunter22" } };
    const out = redactOutput(JSON.stringify(intent));
    expect(out).not.toContain("\n");
    expect(out).not.toContain("plain-hunter22");
    expect(JSON.parse(out).operation).toBe("set-values");
  });

  it("treats text that only looks like JSON, and tables, as text", () => {
    expect(redactOutput(`[cluster] could not reach ${dsn}`)).not.toContain(URL_SECRET);
    const table = "NAME  NAMESPACE\nshop  demo";
    expect(redactOutput(table)).toBe(table);
  });

  it("is what the writer writes", () => {
    const written: string[] = [];
    redactedWriter((line) => written.push(line))(`error: ${dsn}`);
    expect(written).toHaveLength(1);
    expect(written[0]).not.toContain(URL_SECRET);
  });
});
