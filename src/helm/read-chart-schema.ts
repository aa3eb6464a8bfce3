// Reads values.schema.json from a chart `helm pull --untar` unpacked: helm has no `show` for it.
// A chart without a schema is normal (undefined); a schema that is not a JSON object is an error.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { HelmOutputInvalidError } from "../model/helm-errors.ts";

const schemaFileSchema = z.record(z.string(), z.unknown());

function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

export async function readChartSchema(
  untarDir: string,
  argv: readonly string[],
): Promise<Record<string, unknown> | undefined> {
  // helm unpacks into <untarDir>/<chart name>; the name is the archive's, so it is looked up.
  const entries = await readdir(untarDir, { withFileTypes: true });
  const chartDir = entries.find((e) => e.isDirectory());
  if (!chartDir) return undefined;
  let text: string;
  try {
    text = await readFile(join(untarDir, chartDir.name, "values.schema.json"), "utf8");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  const fail = (stderr: string, cause: unknown) =>
    new HelmOutputInvalidError("a values.schema.json", {
      command: ["helm", ...argv],
      stderr,
      cause,
    });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw fail(text.slice(0, 500), cause);
  }
  const parsed = schemaFileSchema.safeParse(data);
  if (!parsed.success) throw fail(parsed.error.message, parsed.error);
  return parsed.data;
}
