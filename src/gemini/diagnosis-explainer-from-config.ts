// The diagnosis explainer the configuration asks for: Gemini when GEMINI_API_KEY is set, none
// otherwise (the rules' diagnosis stands on its own).
import { readFile } from "node:fs/promises";
import type { Config } from "../config/config.ts";
import type { DiagnosisExplainer } from "../gather/diagnose-release.ts";
import { createGeminiDiagnosisExplainer } from "./gemini-diagnosis-explainer.ts";

export const DIAGNOSE_PROMPT_URL = new URL("../../prompts/diagnose.md", import.meta.url);

type ExplainerConfig = Pick<Config, "GEMINI_API_KEY" | "GEMINI_MODEL" | "GEMINI_TIMEOUT_MS">;

export async function diagnosisExplainerFromConfig(
  config: ExplainerConfig,
  baseUrl?: string,
): Promise<DiagnosisExplainer | undefined> {
  if (!config.GEMINI_API_KEY) return undefined;
  return createGeminiDiagnosisExplainer({
    apiKey: config.GEMINI_API_KEY,
    model: config.GEMINI_MODEL,
    timeoutMs: config.GEMINI_TIMEOUT_MS,
    systemPrompt: await readFile(DIAGNOSE_PROMPT_URL, "utf8"),
    ...(baseUrl ? { baseUrl } : {}),
  });
}
