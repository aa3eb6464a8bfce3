// Reads one message with the rules and, when a model is configured, with the model too:
// at most one model call per message, never for a safety verdict, and any model failure
// (error, timeout, an answer that does not check out) falls back to the rules with a log line.
import type { Intent } from "../model/intent.ts";
import type { ReleaseSummary } from "../model/release.ts";
import { analyzeRules, type RulesAnalysis } from "./analyze-rules.ts";
import { resolveModelAnswer } from "./resolve-model-answer.ts";

// Asks a model about one message; resolves to its raw, unchecked answer.
export type IntentModel = (
  text: string,
  inventory: readonly ReleaseSummary[],
  options: { signal: AbortSignal },
) => Promise<unknown>;

// rules-first: the model is asked only when the rules cannot settle a message.
// model-first: the model is asked first and the rules are the fallback.
export type IntentMode = "rules-first" | "model-first";

export interface IntentLogEntry {
  level: "info" | "warn";
  code:
    | "wheelhouse_intent_model_failed"
    | "wheelhouse_intent_model_timeout"
    | "wheelhouse_intent_model_answer_rejected"
    | "wheelhouse_intent_model_fields_dropped";
  message: string;
}

export interface AnalyzeIntentOptions {
  model?: IntentModel;
  // Default: rules-first.
  mode?: IntentMode;
  // Default: no logging.
  log?: (entry: IntentLogEntry) => void;
  // Upper bound on the model call, in addition to the adapter's own; default 10 s.
  timeoutMs?: number;
}

export interface IntentAnalysis {
  intent: Intent;
  source: "rules" | "model";
}

const DEFAULT_TIMEOUT_MS = 10_000;

class ModelTimeout extends Error {
  readonly code = "wheelhouse_intent_model_timeout";
}

async function askWithDeadline(
  model: IntentModel,
  text: string,
  inventory: readonly ReleaseSummary[],
  timeoutMs: number,
): Promise<unknown> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ModelTimeout(`the model did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([model(text, inventory, { signal: controller.signal }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

// Field names chosen by a model go into a log line: only plain ones are printed.
function printable(fields: readonly string[]): string {
  const plain = fields.filter((f) => /^[A-Za-z0-9_.-]{1,40}$/.test(f)).slice(0, 10);
  const others = fields.length - plain.length;
  return [...plain, ...(others > 0 ? [`${others} more`] : [])].join(", ");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// The rules' answer stands without a model: none configured, a safety verdict, or, rules-first,
// rules that are sure.
function rulesSuffice(rules: RulesAnalysis, options: AnalyzeIntentOptions): boolean {
  const { model, mode = "rules-first" } = options;
  return !model || rules.final || (mode === "rules-first" && rules.settled);
}

// What analyzeIntent answers when that needs no model call, else null: at once and without I/O.
export function intentWithoutModel(
  text: string,
  inventory: readonly ReleaseSummary[],
  options: Pick<AnalyzeIntentOptions, "model" | "mode"> = {},
): Intent | null {
  const rules = analyzeRules(text, inventory);
  return rulesSuffice(rules, options) ? rules.intent : null;
}

export async function analyzeIntent(
  text: string,
  inventory: readonly ReleaseSummary[],
  options: AnalyzeIntentOptions = {},
): Promise<IntentAnalysis> {
  const { model, log = () => {}, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const rules = analyzeRules(text, inventory);
  const fromRules: IntentAnalysis = { intent: rules.intent, source: "rules" };
  if (!model || rulesSuffice(rules, options)) return fromRules;

  let answer: unknown;
  try {
    answer = await askWithDeadline(model, text, inventory, timeoutMs);
  } catch (error) {
    const timedOut =
      error instanceof ModelTimeout || (error instanceof Error && error.name === "AbortError");
    log({
      level: "warn",
      code: timedOut ? "wheelhouse_intent_model_timeout" : "wheelhouse_intent_model_failed",
      message: `intent model unavailable, using rules: ${describe(error)}`,
    });
    return fromRules;
  }
  const checked = resolveModelAnswer(answer, inventory);
  if (!checked.ok) {
    log({
      level: "warn",
      code: "wheelhouse_intent_model_answer_rejected",
      message: `intent model answer rejected, using rules: ${checked.reason}`,
    });
    return fromRules;
  }
  if (checked.droppedFields.length > 0) {
    log({
      level: "warn",
      code: "wheelhouse_intent_model_fields_dropped",
      message: `intent model answer had fields outside the contract, dropped: ${printable(checked.droppedFields)}`,
    });
  }
  // A model that understood nothing does not replace rules that understood something.
  if (checked.intent.operation === "unknown" && rules.intent.operation !== "unknown")
    return fromRules;
  return { intent: checked.intent, source: "model" };
}
