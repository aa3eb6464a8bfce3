// Hostile chat text, at volume, through the real pure pipeline (rules → Intent → helm operation
// → validateHelmOperation → buildHelmArgv): nothing throws, no argv carries a flag, a hidden
// character or shell syntax a person typed, values reach helm as typed, and every message gets
// an answer (a question, a refusal with its reason, or the reads and plan commands).
// WHEELHOUSE_FUZZ_RUNS sets the count (default 10,000), WHEELHOUSE_FUZZ_SEED replays a run.
import { describe, expect, it } from "vitest";
import { type Inventory, inventorySchema } from "../../../src/model/release.ts";
import { hostileText } from "../../support/fuzz-inputs.ts";
import { type Outcome, runTextCase } from "../../support/fuzz-pipeline.ts";
import { caseRandom, fuzzSettings, replayHint } from "../../support/fuzz-random.ts";
import { loadInventory } from "../intent/fixtures.ts";

const inventory: Inventory = inventorySchema.parse([
  ...loadInventory("inventory.json"),
  ...loadInventory("shared-inventory.json"),
]);

describe("fuzz: chat text to helm argv", () => {
  const settings = fuzzSettings(10_000);

  it(
    `keeps ${settings.runs} hostile messages out of every argv (seed ${settings.seed})`,
    () => {
      const counts: Record<Outcome, number> = { asks: 0, help: 0, refused: 0, read: 0, plan: 0 };
      const failures: string[] = [];
      let argvs = 0;
      let slowest = { ms: 0, length: 0 };
      const started = performance.now();
      for (let i = 0; i < settings.runs; i++) {
        const input = hostileText(caseRandom(settings.seed, i), inventory);
        const t0 = performance.now();
        try {
          const result = runTextCase(input, inventory);
          counts[result.outcome]++;
          argvs += result.argvs.length;
          if (result.problems.length > 0)
            failures.push(
              `case ${i} ${JSON.stringify(input.text.slice(0, 300))}: ${result.problems.join("; ")}`,
            );
        } catch (error) {
          failures.push(
            `case ${i} ${JSON.stringify(input.text.slice(0, 300))} threw: ${String(error)}`,
          );
        }
        const ms = performance.now() - t0;
        if (ms > slowest.ms) slowest = { ms, length: input.text.length };
      }
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `fuzz text: seed ${settings.seed}, ${settings.runs} inputs in ${seconds.toFixed(2)} s ` +
          `(${Math.round(settings.runs / seconds)} inputs/s), ${argvs} argvs checked, outcomes ${JSON.stringify(counts)}, ` +
          `slowest ${slowest.ms.toFixed(0)} ms (${slowest.length} chars)\n`,
      );
      expect(
        failures.slice(0, 20),
        `${failures.length} failing inputs; ${replayHint(settings)}`,
      ).toEqual([]);
      // The generator must reach every kind of answer, or the run proves little.
      for (const outcome of ["asks", "read", "plan"] as const)
        expect(counts[outcome], outcome).toBeGreaterThan(settings.runs / 50);
      // No input takes long enough to stall the bot (oversize bodies included).
      expect(slowest.ms).toBeLessThan(2_000);
    },
    Math.max(30_000, settings.runs * 3),
  );
});
