// Prints how well the rules analyser reads the labelled utterances, by category, and lists
// the ones it gets wrong. Run: npm run intent:accuracy -- [labelled.jsonl] [inventory.json]
import { readFileSync } from "node:fs";
import { z } from "zod";
import { analyzeRules } from "../src/intent/analyze-rules.ts";
import { inventorySchema } from "../src/model/release.ts";
import { mismatches, safetyProblem } from "../test/unit/intent/match-expectation.ts";

const labelledSchema = z.object({
  text: z.string(),
  category: z.string().default("example"),
  expect: z.record(z.string(), z.unknown()),
});

const labelledPath = process.argv[2] ?? "test/fixtures/intents/labelled.jsonl";
const inventoryPath = process.argv[3] ?? "test/fixtures/intents/inventory.json";
const inventory = inventorySchema.parse(JSON.parse(readFileSync(inventoryPath, "utf8")));
const cases = readFileSync(labelledPath, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => labelledSchema.parse(JSON.parse(line)));

const byCategory = new Map<string, { total: number; passed: number }>();
const failures: string[] = [];
for (const c of cases) {
  const { intent } = analyzeRules(c.text, inventory);
  const wrong = mismatches(intent, c.expect);
  const unsafe = safetyProblem(intent);
  const stats = byCategory.get(c.category) ?? { total: 0, passed: 0 };
  stats.total++;
  if (wrong.length === 0 && unsafe === null) stats.passed++;
  else
    failures.push(
      `[${c.category}] ${JSON.stringify(c.text)} wrong: ${[...wrong, ...(unsafe ? [unsafe] : [])].join(", ")}\n    got ${JSON.stringify(intent)}`,
    );
  byCategory.set(c.category, stats);
}

const pct = (p: number, t: number) => `${((100 * p) / t).toFixed(1)}%`;
console.log("category          passed  total  accuracy");
let passed = 0;
for (const [category, s] of [...byCategory].sort(([a], [b]) => a.localeCompare(b))) {
  passed += s.passed;
  console.log(
    `${category.padEnd(16)}  ${String(s.passed).padStart(6)}  ${String(s.total).padStart(5)}  ${pct(s.passed, s.total).padStart(8)}`,
  );
}
console.log(
  `${"overall".padEnd(16)}  ${String(passed).padStart(6)}  ${String(cases.length).padStart(5)}  ${pct(passed, cases.length).padStart(8)}`,
);
if (failures.length > 0) console.log(`\nmisread:\n${failures.join("\n")}`);
