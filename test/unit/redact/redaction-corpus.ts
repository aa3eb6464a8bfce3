// The redaction corpus (test/fixtures/redaction/*.yaml): loading, applying each sample's form
// the way the bot does, and scoring what survived.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { z } from "zod";
import { diffValues } from "../../../src/plan/diff-values.ts";
import { redactKubeObject } from "../../../src/redact/redact-kube-object.ts";
import { redactManifest } from "../../../src/redact/redact-manifest.ts";
import { redactRequestText } from "../../../src/redact/redact-request-text.ts";
import { redactText } from "../../../src/redact/redact-text.ts";
import { redactValues } from "../../../src/redact/redact-values.ts";

const DIR = join(import.meta.dirname, "../../fixtures/redaction");

const sampleSchema = z.object({
  form: z.enum(["values", "manifest", "kube-object", "text", "request", "values-diff"]),
  name: z.string(),
  input: z.string().optional(),
  before: z.string().optional(),
  after: z.string().optional(),
  // Numbers read as text; a YAML mapping here is a quoting mistake in the fixture.
  secret: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  visible: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
});
export type Sample = z.infer<typeof sampleSchema> & { file: string };

export function loadCorpus(): Sample[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .flatMap((file) => {
      const samples = z.array(sampleSchema).parse(parse(readFileSync(join(DIR, file), "utf8")));
      return samples.map((s) => ({ ...s, file }));
    });
}

// What the rules make of a sample, before the egress pass.
export function applyForm(sample: Sample): string {
  const input = sample.input ?? "";
  switch (sample.form) {
    case "values":
      return stringify(redactValues(parse(input)), { lineWidth: 0 });
    case "manifest":
      return redactManifest(input);
    case "kube-object":
      return JSON.stringify(redactKubeObject(JSON.parse(input)), null, 2);
    case "text":
      return redactText(input);
    case "request":
      return redactRequestText(input);
    case "values-diff":
      return JSON.stringify(diffValues(parse(sample.before ?? ""), parse(sample.after ?? "")));
  }
}

// A secret leaks when it survives whole, as base64, or by its last 12 characters.
export function leaks(secret: string, output: string): string | null {
  if (output.includes(secret)) return "whole";
  if (output.includes(Buffer.from(secret).toString("base64"))) return "base64";
  if (secret.length > 12 && output.includes(secret.slice(-12))) return "last 12 characters";
  return null;
}

export interface Score {
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  trueNegatives: number;
}

export function emptyScore(): Score {
  return { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
}

export interface Outcome {
  sample: Sample;
  output: string;
  egress: string;
  leaked: Array<{ secret: string; how: string }>;
  lost: string[];
}

// Recall on what the form's rules print; precision on what leaves after egress as well.
export function runSample(sample: Sample): Outcome {
  const output = applyForm(sample);
  const egress = redactText(output);
  const leaked = sample.secret.flatMap((secret) => {
    const how = leaks(secret, output);
    return how === null ? [] : [{ secret, how }];
  });
  const lost = sample.visible.filter((text) => !egress.includes(text));
  return { sample, output, egress, leaked, lost };
}

export function addOutcome(score: Score, outcome: Outcome): void {
  score.falseNegatives += outcome.leaked.length;
  score.truePositives += outcome.sample.secret.length - outcome.leaked.length;
  score.falsePositives += outcome.lost.length;
  score.trueNegatives += outcome.sample.visible.length - outcome.lost.length;
}

export function precision(s: Score): number {
  const flagged = s.truePositives + s.falsePositives;
  return flagged === 0 ? 1 : s.truePositives / flagged;
}

export function recall(s: Score): number {
  const secrets = s.truePositives + s.falseNegatives;
  return secrets === 0 ? 1 : s.truePositives / secrets;
}

export function readInput(sample: Sample): string {
  return sample.input ?? `${sample.before ?? ""}\n${sample.after ?? ""}`;
}

export { redactText as egressPass };
