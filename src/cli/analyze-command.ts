// `wheelhouse analyze [--inventory FILE] [--batch FILE] "<text>"`: prints the Intent a
// message asks for, one JSON object per line. Offline with the embedded rules; with Gemini
// when GEMINI_API_KEY is set. Bad input files are a clear one-line error and exit code 2.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ConfigError, loadConfig } from "../config/config.ts";
import { intentModelFromConfig } from "../gemini/intent-model-from-config.ts";
import { analyzeIntent, type IntentLogEntry } from "../intent/analyze-intent.ts";
import { type Inventory, inventorySchema } from "../model/release.ts";

export interface AnalyzeCommandDeps {
  // The cluster's releases, used when no --inventory file is given.
  listInventory: () => Promise<Inventory>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

export const ANALYZE_USAGE = `usage: wheelhouse analyze [--inventory FILE] [--batch FILE] "<text>"

  --inventory FILE  releases as printed by \`helm list -A -o json\` (default: ask the cluster)
  --batch FILE      JSON lines, each with a "text" field: one Intent printed per line`;

const batchLineSchema = z.object({ text: z.string().min(1, "text is empty") });

class InputError extends Error {
  readonly code = "wheelhouse_analyze_bad_input";
}

interface AnalyzeArgs {
  inventory: string | undefined;
  batch: string | undefined;
  help: boolean;
  text: string;
}

// Options may come anywhere; everything else, helm-style flags included, is the message.
function readArgs(args: string[]): AnalyzeArgs {
  const { tokens } = parseArgs({
    args,
    options: {
      inventory: { type: "string" },
      batch: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const out: AnalyzeArgs = { inventory: undefined, batch: undefined, help: false, text: "" };
  const words: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") words.push(token.value);
    if (token.kind !== "option") continue;
    if (token.name === "inventory" || token.name === "batch") {
      if (token.value === undefined) throw new InputError(`--${token.name} needs a file`);
      out[token.name] = token.value;
    } else if (token.name === "help") {
      out.help = true;
    } else {
      words.push(token.inlineValue ? `${token.rawName}=${token.value ?? ""}` : token.rawName);
    }
  }
  out.text = words.join(" ").trim();
  return out;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : "unreadable";
    throw new InputError(`${path}: cannot read file (${reason})`, { cause: error });
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch (error) {
    throw new InputError(
      `${where}: not JSON (${error instanceof Error ? error.message : "invalid"})`,
      { cause: error },
    );
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const at = issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  return `${issue.message}${at}`;
}

async function readInventoryFile(path: string): Promise<Inventory> {
  const parsed = inventorySchema.safeParse(parseJson(await readText(path), path));
  if (!parsed.success) {
    throw new InputError(
      `${path}: not a helm list -A -o json inventory (${firstIssue(parsed.error)})`,
    );
  }
  return parsed.data;
}

async function readBatchFile(path: string): Promise<string[]> {
  const texts: string[] = [];
  const lines = (await readText(path)).split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${path} line ${i + 1}`;
    const parsed = batchLineSchema.safeParse(parseJson(line, where));
    if (!parsed.success)
      throw new InputError(`${where}: needs a "text" string (${firstIssue(parsed.error)})`);
    texts.push(parsed.data.text);
  });
  return texts;
}

export async function analyzeCommand(args: string[], deps: AnalyzeCommandDeps): Promise<number> {
  const fail = (message: string, code = 2): number => {
    deps.stderr(`wheelhouse analyze: ${message}`);
    return code;
  };
  let parsed: AnalyzeArgs;
  let texts: string[];
  let inventory: Inventory | undefined;
  let config: ReturnType<typeof loadConfig>;
  try {
    parsed = readArgs(args);
    if (parsed.help) {
      deps.stdout(ANALYZE_USAGE);
      return 0;
    }
    if (parsed.batch !== undefined && parsed.text !== "")
      return fail("give either a text or --batch FILE, not both");
    if (parsed.batch === undefined && parsed.text === "") {
      deps.stderr(ANALYZE_USAGE);
      return 2;
    }
    config = loadConfig(deps.env);
    texts = parsed.batch === undefined ? [parsed.text] : await readBatchFile(parsed.batch);
    if (parsed.inventory !== undefined) inventory = await readInventoryFile(parsed.inventory);
  } catch (error) {
    if (error instanceof InputError) return fail(error.message);
    if (error instanceof ConfigError) return fail(error.message.replaceAll("\n", " "));
    throw error;
  }
  if (inventory === undefined) {
    try {
      inventory = await deps.listInventory();
    } catch (error) {
      return fail(
        `cannot list releases: ${error instanceof Error ? error.message : String(error)}`,
        1,
      );
    }
  }
  const { model, mode, timeoutMs } = await intentModelFromConfig(config);
  const log = (entry: IntentLogEntry) =>
    deps.stderr(JSON.stringify({ ...entry, component: "intent" }));
  for (const text of texts) {
    const { intent } = await analyzeIntent(text, inventory, { model, mode, timeoutMs, log });
    deps.stdout(JSON.stringify(intent));
  }
  return 0;
}
