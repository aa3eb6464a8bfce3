// Reads the intent system prompt (prompts/intent.md) once at start.
import { readFile } from "node:fs/promises";

export const INTENT_PROMPT_URL = new URL("../../prompts/intent.md", import.meta.url);

export async function loadIntentPrompt(path: URL | string = INTENT_PROMPT_URL): Promise<string> {
  return readFile(path, "utf8");
}
