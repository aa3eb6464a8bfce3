// What the fuzzers found, pinned as plain cases: each was a bug before its fix.
import { describe, expect, it } from "vitest";
import { analyzeRules } from "../../../src/intent/analyze-rules.ts";
import { buildHelmArgv } from "../../../src/model/build-helm-argv.ts";
import { HelmInvalidInputError } from "../../../src/model/helm-errors.ts";
import { validateHelmOperation } from "../../../src/model/validate-helm-operation.ts";
import { loadInventory } from "../intent/fixtures.ts";

const inventory = loadInventory("shared-inventory.json");
const setOf = (text: string) => analyzeRules(text, inventory).intent;

describe("found by fuzzing", () => {
  it("keeps a decimal-looking value as typed: image.tag=1.10 is not 1.1", () => {
    expect(setOf("set image.tag=1.10 on kafka").set).toEqual({ "image.tag": "1.10" });
    expect(setOf("set app.build=1.0 on kafka").set).toEqual({ "app.build": "1.0" });
    const argv = buildHelmArgv(
      {
        kind: "upgrade",
        release: { name: "kafka", namespace: "streaming" },
        chart: "fixtures/kafka",
        valuesStrategy: "reuse",
        set: { "image.tag": "1.10" },
      },
      { helmMajor: 4 },
    );
    expect(argv).toContain("image.tag=1.10");
  });

  it("keeps digits beyond JavaScript's safe integers as typed, and whole numbers as numbers", () => {
    expect(setOf("set app.build=123456789012345678901234 on kafka").set).toEqual({
      "app.build": "123456789012345678901234",
    });
    expect(setOf("set app.build=9007199254740993 on kafka").set).toEqual({
      "app.build": "9007199254740993",
    });
    expect(setOf("set replicaCount=42 on kafka").set).toEqual({ replicaCount: 42 });
  });

  it.each([
    ["a zero-width space", "1.2\u200b3"],
    ["a right-to-left override", "abc\u202edef"],
    ["a C1 control (NEL)", "a\u0085b"],
    ["a bidi isolate", "a\u2066b"],
    ["a flag", "--help"],
  ])("asks again when a value holds %s: the plan would not show what helm gets", (_what, value) => {
    const intent = setOf(`set image.tag=${value} on kafka`);
    expect(intent.set).toBeNull();
    expect(intent.clarification).toMatch(/can't use that value/);
  });

  it("refuses hidden characters in any field that reaches argv, naming the field", () => {
    const op = {
      kind: "upgrade" as const,
      release: { name: "kafka", namespace: "streaming" },
      chart: "fixtures/kafka",
      valuesStrategy: "reuse" as const,
      set: { "image.tag": "1.2.3\u202e" },
    };
    expect(() => validateHelmOperation(op)).toThrow(HelmInvalidInputError);
    expect(() => validateHelmOperation(op)).toThrow(/value of image\.tag.*invisible/);
  });

  it("answers an oversize message at once instead of reading it for seconds", () => {
    const started = performance.now();
    const { intent, final } = analyzeRules("set ".repeat(10_000), inventory);
    expect(performance.now() - started).toBeLessThan(500);
    expect(intent.operation).toBe("unknown");
    expect(intent.clarification).toMatch(/too long/);
    expect(final).toBe(true);
  });
});
