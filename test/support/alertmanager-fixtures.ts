// The Alertmanager webhook fixtures (test/fixtures/alertmanager), with the placeholders for the
// objects a test made filled in.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const DIR = join(import.meta.dirname, "..", "fixtures", "alertmanager");

export type AlertFixture =
  | "firing"
  | "repeated"
  | "added"
  | "resolved"
  | "grouped"
  | "unknown-workload"
  | "hostile"
  | "unauthenticated"
  | "oversize";

export interface FixtureValues {
  NAMESPACE?: string;
  POD?: string;
  POD2?: string;
  DEPLOYMENT?: string;
  STATEFULSET?: string;
}

// The body as text, placeholders replaced (longest names first: $POD2 before $POD).
export function alertFixture(name: AlertFixture, values: FixtureValues = {}): string {
  let text = readFileSync(join(DIR, `${name}.json`), "utf8");
  const entries = Object.entries(values).sort(([a], [b]) => b.length - a.length);
  for (const [key, value] of entries) text = text.replaceAll(`$${key}`, value);
  return text;
}

const malformedSchema = z.array(
  z.object({ name: z.string(), body: z.string(), reason: z.string() }),
);
export type MalformedCase = z.infer<typeof malformedSchema>[number];

export function malformedFixtures(): MalformedCase[] {
  return malformedSchema.parse(JSON.parse(readFileSync(join(DIR, "malformed.json"), "utf8")));
}
