// Every shared example (shared/examples, copied into test/fixtures/intents) must pass.
import { describe, expect, it } from "vitest";
import { analyzeRules } from "../../../src/intent/analyze-rules.ts";
import { loadInventory, loadLabelled } from "./fixtures.ts";
import { mismatches } from "./match-expectation.ts";

const inventory = loadInventory("shared-inventory.json");
const examples = loadLabelled("shared-examples.jsonl");

describe("shared examples", () => {
  it("has examples to check", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((e) => [e.text, e] as const))("reads %j as expected", (_text, example) => {
    const { intent } = analyzeRules(example.text, inventory);
    expect(mismatches(intent, example.expect), JSON.stringify(intent)).toEqual([]);
  });
});
