// Hostile field values straight into helm operations (release names, namespaces, versions,
// revisions, --set keys and values), as a model answer or a stored plan could carry them:
// validateHelmOperation refuses with the field and a reason, or buildHelmArgv makes an argv
// helm reads exactly as the operation says. Same seed and run count variables as the text fuzzer.
import { describe, expect, it } from "vitest";
import { buildHelmArgv, formatHelmCommand } from "../../../src/model/build-helm-argv.ts";
import { HelmInvalidInputError } from "../../../src/model/helm-errors.ts";
import type { HelmOperation, SetValue } from "../../../src/model/helm-operation.ts";
import { validateHelmOperation } from "../../../src/model/validate-helm-operation.ts";
import { argvProblems, readShellWords } from "../../support/fuzz-argv.ts";
import { caseRandom, fuzzSettings, type Random, replayHint } from "../../support/fuzz-random.ts";
import {
  GOOD_NAMES,
  NAMES,
  NUMBERS,
  SET_KEYS,
  STRINGS,
  VERSIONS,
} from "../../support/fuzz-words.ts";

function setOf(r: Random): Record<string, SetValue> {
  const set: Record<string, SetValue> = {};
  for (let i = 0, n = r.int(4); i < n; i++) {
    const kind = r.int(3);
    set[r.pick(SET_KEYS)] =
      kind === 0 ? r.pick(STRINGS) : kind === 1 ? r.pick(NUMBERS) : r.chance(0.5);
  }
  return set;
}

function operationOf(r: Random): HelmOperation {
  const name = () => (r.chance(0.75) ? r.pick(GOOD_NAMES) : r.pick(NAMES));
  const release = { name: name(), namespace: name() };
  const number = () => (r.chance(0.7) ? 1 + r.int(30) : r.pick(NUMBERS));
  const maybe = <T>(value: () => T) => (r.chance(0.5) ? value() : undefined);
  const wait = {
    ...(r.chance(0.5) ? { wait: true } : {}),
    timeoutSeconds: r.chance(0.8) ? 300 : number(),
  };
  const revision = maybe(number);
  switch (r.int(8)) {
    case 0:
      return { kind: "list", ...(r.chance(0.5) ? { namespace: name() } : {}) };
    case 1:
      return { kind: "status", release, ...(revision === undefined ? {} : { revision }) };
    case 2:
      return { kind: "history", release, max: number() };
    case 3:
      return {
        kind: "get-values",
        release,
        all: r.chance(0.5),
        ...(revision === undefined ? {} : { revision }),
      };
    case 4:
      return {
        kind: "rollback",
        release,
        ...(revision === undefined ? {} : { revision }),
        dryRun: r.chance(0.5),
        ...wait,
      };
    case 5:
      return {
        kind: "uninstall",
        release,
        keepHistory: r.chance(0.5),
        dryRun: r.chance(0.5),
        ...wait,
      };
    default:
      return {
        kind: "upgrade",
        release,
        chart: r.chance(0.9) ? "fixtures/webapp" : r.pick(NAMES),
        version: r.chance(0.5) ? "1.1.0" : r.pick(VERSIONS),
        valuesStrategy: r.pick(["reuse", "reset", "reset-then-reuse"] as const),
        set: setOf(r),
        dryRun: r.chance(0.5),
        ...wait,
      };
  }
}

describe("fuzz: helm operations from hostile fields", () => {
  const settings = fuzzSettings(10_000);

  it(
    `refuses with a reason or builds an exact argv, ${settings.runs} times (seed ${settings.seed})`,
    () => {
      const failures: string[] = [];
      let refused = 0;
      const started = performance.now();
      for (let i = 0; i < settings.runs; i++) {
        const op = operationOf(caseRandom(settings.seed, i));
        const shown = () => JSON.stringify(op, (_k, v) => (typeof v === "number" ? String(v) : v));
        try {
          validateHelmOperation(op);
        } catch (error) {
          refused++;
          const named =
            error instanceof HelmInvalidInputError && error.message.includes(error.field);
          if (!named || error.field === "")
            failures.push(`case ${i} ${shown()}: refused without a field: ${String(error)}`);
          continue;
        }
        for (const helmMajor of [4, 3] as const) {
          const argv = buildHelmArgv(op, { helmMajor });
          const problems = argvProblems(op, argv);
          const words = readShellWords(formatHelmCommand(argv));
          if (JSON.stringify(words) !== JSON.stringify(["helm", ...argv]))
            problems.push("the command shown is not the argv");
          if (problems.length > 0)
            failures.push(`case ${i} ${shown()} (helm ${helmMajor}): ${problems.join("; ")}`);
        }
      }
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `fuzz operations: seed ${settings.seed}, ${settings.runs} operations in ${seconds.toFixed(2)} s ` +
          `(${Math.round(settings.runs / seconds)}/s), ${refused} refused\n`,
      );
      expect(
        failures.slice(0, 20),
        `${failures.length} failing operations; ${replayHint(settings)}`,
      ).toEqual([]);
      expect(refused).toBeGreaterThan(settings.runs / 10);
      expect(refused).toBeLessThan(settings.runs * 0.95);
    },
    Math.max(30_000, settings.runs * 3),
  );
});
