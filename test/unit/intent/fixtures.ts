// Loads the intent fixtures (inventories and labelled utterances) from test/fixtures/intents.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { type Inventory, inventorySchema } from "../../../src/model/release.ts";

const FIXTURES = new URL("../../fixtures/intents/", import.meta.url);

export const labelledSchema = z.object({
  text: z.string(),
  category: z.string().default("example"),
  expect: z.record(z.string(), z.unknown()),
});
export type Labelled = z.infer<typeof labelledSchema>;

export function loadInventory(file: string): Inventory {
  return inventorySchema.parse(JSON.parse(readFileSync(new URL(file, FIXTURES), "utf8")));
}

export function loadLabelled(file: string): Labelled[] {
  return readFileSync(new URL(file, FIXTURES), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => labelledSchema.parse(JSON.parse(line)));
}
