// The second labelled set (labelled-v2.jsonl, against the 37-release inventory-v2.json): the
// way people write in incident channels (Slack markup, contrast, several targets, symptoms,
// questions, acknowledgements, values in words, prefixes, typos, release names used as words).
// At least 95% right overall, and every safety case right.
import { describe, expect, it } from "vitest";
import { analyzeRules } from "../../../src/intent/analyze-rules.ts";
import { loadInventory, loadLabelled } from "./fixtures.ts";
import { mismatches, safetyProblem } from "./match-expectation.ts";

const inventory = loadInventory("inventory-v2.json");
const labelled = loadLabelled("labelled-v2.jsonl");

const results = labelled.map((item) => {
  const { intent } = analyzeRules(item.text, inventory);
  const problems = [...mismatches(intent, item.expect)];
  const unsafe = safetyProblem(intent);
  if (unsafe) problems.push(unsafe);
  return { item, intent, problems };
});

describe("labelled set v2", () => {
  it("has at least 150 utterances over every pattern, against 37 releases", () => {
    expect(inventory).toHaveLength(37);
    expect(labelled.length).toBeGreaterThanOrEqual(150);
    const categories = new Set(labelled.map((l) => l.category));
    for (const category of [
      "slack",
      "contrast",
      "several",
      "symptom",
      "question",
      "ack",
      "values-words",
      "prefix",
      "typo",
      "ordinary-word",
      "safety",
    ]) {
      expect(categories, category).toContain(category);
    }
  });

  it("reads at least 95% of the utterances right", () => {
    const wrong = results.filter((r) => r.problems.length > 0);
    const report = wrong.map((r) => `${r.item.text}: ${r.problems.join(", ")}`).join("\n");
    expect(1 - wrong.length / results.length, report).toBeGreaterThanOrEqual(0.95);
  });

  it.each(
    results.filter((r) => r.item.category === "safety").map((r) => [r.item.text, r] as const),
  )("passes the safety case %j", (_text, result) => {
    expect(result.problems, JSON.stringify(result.intent)).toEqual([]);
  });

  it("never narrows a change over several targets to one of them", () => {
    const narrowed = results.filter(
      (r) => r.item.category === "several" && r.item.expect.release === null && r.intent.release,
    );
    expect(narrowed.map((r) => r.item.text)).toEqual([]);
  });
});
