// The intent model the configuration asks for: Gemini when GEMINI_API_KEY is set, none
// (rules only, the embedded default) otherwise.
import type { Config } from "../config/config.ts";
import type { IntentMode, IntentModel } from "../intent/analyze-intent.ts";
import { createGeminiIntentModel } from "./gemini-intent-model.ts";
import { loadIntentPrompt } from "./load-intent-prompt.ts";

export interface ConfiguredIntentModel {
  model: IntentModel | undefined;
  mode: IntentMode;
  timeoutMs: number;
}

type IntentConfig = Pick<
  Config,
  "GEMINI_API_KEY" | "GEMINI_MODEL" | "GEMINI_TIMEOUT_MS" | "WHEELHOUSE_INTENT_MODE"
>;

export async function intentModelFromConfig(
  config: IntentConfig,
  baseUrl?: string,
): Promise<ConfiguredIntentModel> {
  const mode = config.WHEELHOUSE_INTENT_MODE;
  // The orchestrator's own deadline sits just above the adapter's, which fires first.
  const timeoutMs = config.GEMINI_TIMEOUT_MS + 500;
  if (!config.GEMINI_API_KEY) return { model: undefined, mode, timeoutMs };
  const model = createGeminiIntentModel({
    apiKey: config.GEMINI_API_KEY,
    model: config.GEMINI_MODEL,
    timeoutMs: config.GEMINI_TIMEOUT_MS,
    systemPrompt: await loadIntentPrompt(),
    ...(baseUrl ? { baseUrl } : {}),
  });
  return { model, mode, timeoutMs };
}
