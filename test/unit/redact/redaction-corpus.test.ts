// The corpus of planted secrets and look-alikes: every secret hidden (100% recall), almost
// nothing else (≥ 98% precision), per form and overall; egress leaves redacted output as it is.
import { describe, expect, it } from "vitest";
import {
  addOutcome,
  egressPass,
  emptyScore,
  loadCorpus,
  type Outcome,
  precision,
  readInput,
  recall,
  runSample,
  type Score,
} from "./redaction-corpus.ts";

const corpus = loadCorpus();
const outcomes = corpus.map(runSample);

function scoreBy(key: (o: Outcome) => string): Map<string, Score> {
  const scores = new Map<string, Score>();
  for (const outcome of outcomes) {
    const name = key(outcome);
    const score = scores.get(name) ?? emptyScore();
    addOutcome(score, outcome);
    scores.set(name, score);
  }
  return scores;
}

const percent = (n: number) => `${(n * 100).toFixed(1)}%`;

describe("redaction corpus", () => {
  it("has at least 150 secret-bearing samples and 75 look-alikes", () => {
    const secretBearing = corpus.filter((s) => s.secret.length > 0).length;
    const lookAlikes = corpus.filter((s) => s.secret.length === 0 && s.visible.length > 0).length;
    console.info(`corpus: ${secretBearing} secret-bearing samples, ${lookAlikes} look-alikes`);
    expect(secretBearing).toBeGreaterThanOrEqual(150);
    expect(lookAlikes).toBeGreaterThanOrEqual(75);
  });

  it("plants each secret in its input, so a hidden secret was really there", () => {
    const missing = corpus.flatMap((s) =>
      s.secret
        .filter(
          (secret) =>
            !readInput(s).includes(secret) &&
            !readInput(s).includes(Buffer.from(secret).toString("base64")),
        )
        .map((secret) => `${s.name}: ${secret}`),
    );
    expect(missing).toEqual([]);
  });

  it("hides every planted secret: not whole, not as base64, not its last 12 characters", () => {
    const leaks = outcomes.flatMap((o) =>
      o.leaked.map((l) => `${o.sample.file} / ${o.sample.name}: ${l.secret} (${l.how})`),
    );
    expect(leaks).toEqual([]);
  });

  it("reports precision and recall per form and overall: 100% recall, at least 98% precision", () => {
    const lines: string[] = [];
    for (const [form, score] of scoreBy((o) => o.sample.form)) {
      lines.push(
        `${form.padEnd(12)} recall ${percent(recall(score))}  precision ${percent(precision(score))}  (${score.truePositives} hidden, ${score.falseNegatives} leaked, ${score.falsePositives} over-redacted, ${score.trueNegatives} kept)`,
      );
    }
    const overall = emptyScore();
    for (const outcome of outcomes) addOutcome(overall, outcome);
    lines.push(
      `overall      recall ${percent(recall(overall))}  precision ${percent(precision(overall))}`,
    );
    console.info(lines.join("\n"));
    const lost = outcomes.flatMap((o) =>
      o.lost.map((v) => `${o.sample.file} / ${o.sample.name}: ${v}`),
    );
    if (lost.length > 0) console.info(`over-redacted:\n${lost.join("\n")}`);
    expect(recall(overall)).toBe(1);
    expect(precision(overall)).toBeGreaterThanOrEqual(0.98);
  });

  it("is idempotent: the egress pass over redacted text changes nothing more", () => {
    const changed = outcomes
      .filter((o) => egressPass(o.egress) !== o.egress)
      .map((o) => o.sample.name);
    expect(changed).toEqual([]);
  });
});
