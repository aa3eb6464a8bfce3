// The labelled utterances (test/fixtures/intents/labelled.jsonl): at least 95% read right
// overall, and every safety case right without exception.
import { describe, expect, it } from "vitest";
import { analyzeRules } from "../../../src/intent/analyze-rules.ts";
import { loadInventory, loadLabelled } from "./fixtures.ts";
import { mismatches, safetyProblem } from "./match-expectation.ts";

const inventory = loadInventory("inventory.json");
const labelled = loadLabelled("labelled.jsonl");

const results = labelled.map((item) => {
  const { intent } = analyzeRules(item.text, inventory);
  const problems = [...mismatches(intent, item.expect)];
  const unsafe = safetyProblem(intent);
  if (unsafe) problems.push(unsafe);
  return { item, intent, problems };
});

describe("labelled set", () => {
  it("has at least 150 utterances across every category", () => {
    expect(labelled.length).toBeGreaterThanOrEqual(150);
    const categories = new Set(labelled.map((l) => l.category));
    for (const category of [
      "upgrade",
      "rollback",
      "uninstall",
      "status",
      "history",
      "values",
      "manifest",
      "list",
      "set-values",
      "diagnose",
      "help",
      "unknown",
      "typo",
      "cli",
      "ambiguity",
      "namespace-hint",
      "safety",
    ]) {
      expect(categories, category).toContain(category);
    }
  });

  it("reads at least 95% of the utterances right", () => {
    const wrong = results.filter((r) => r.problems.length > 0);
    const accuracy = 1 - wrong.length / results.length;
    const report = wrong.map((r) => `${r.item.text}: ${r.problems.join(", ")}`).join("\n");
    expect(accuracy, report).toBeGreaterThanOrEqual(0.95);
  });

  it.each(
    results.filter((r) => r.item.category === "safety").map((r) => [r.item.text, r] as const),
  )("passes the safety case %j", (_text, result) => {
    expect(result.problems, JSON.stringify(result.intent)).toEqual([]);
  });

  it("never lets a flag or shell syntax into any field, whatever the category", () => {
    const leaks = results.filter((r) => safetyProblem(r.intent) !== null);
    expect(leaks.map((r) => r.item.text)).toEqual([]);
  });
});
