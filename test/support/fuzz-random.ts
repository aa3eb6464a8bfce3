// Seeded randomness for the fuzz tests: one seed per run, printed, replayable with
// WHEELHOUSE_FUZZ_SEED; case i draws from its own stream, so a failure names (seed, case).
import { randomInt } from "node:crypto";

export interface Random {
  // A float in [0, 1).
  next(): number;
  // An integer in [0, max).
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

// mulberry32: tiny, fast, good enough to spread inputs; not for cryptography.
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    chance: (p) => next() < p,
  };
}

// The stream of case `index` of a run: independent of how many draws earlier cases made.
export function caseRandom(seed: number, index: number): Random {
  return createRandom(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

export interface FuzzSettings {
  seed: number;
  runs: number;
}

function whole(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text.trim());
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(
      `${name} must be a whole number of at least ${min}, got ${JSON.stringify(text)}`,
    );
  return value;
}

// Seed from WHEELHOUSE_FUZZ_SEED (else fresh each run), runs from `runsVariable` (else the
// default): CI gets new inputs every run, and any failure can be replayed exactly.
export function fuzzSettings(
  defaultRuns: number,
  runsVariable = "WHEELHOUSE_FUZZ_RUNS",
  env: NodeJS.ProcessEnv = process.env,
): FuzzSettings {
  const seed = whole("WHEELHOUSE_FUZZ_SEED", env.WHEELHOUSE_FUZZ_SEED, 0) ?? randomInt(2 ** 31);
  const runs = whole(runsVariable, env[runsVariable], 1) ?? defaultRuns;
  return { seed: seed >>> 0, runs };
}

export function replayHint(settings: FuzzSettings, runsVariable = "WHEELHOUSE_FUZZ_RUNS"): string {
  return `replay with WHEELHOUSE_FUZZ_SEED=${settings.seed} ${runsVariable}=${settings.runs}`;
}
