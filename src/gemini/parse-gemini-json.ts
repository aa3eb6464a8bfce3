// A model answer asked for as JSON: its text parsed, unchecked (callers check it with zod), or
// an error that says which way it failed.
import { GeminiIntentError } from "./gemini-intent-model.ts";

export function parseGeminiJson(text: string | undefined): unknown {
  if (!text)
    throw new GeminiIntentError("wheelhouse_gemini_empty_answer", "Gemini returned no text");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GeminiIntentError(
      "wheelhouse_gemini_answer_not_json",
      "Gemini's answer is not JSON",
      {
        cause: error,
      },
    );
  }
}
