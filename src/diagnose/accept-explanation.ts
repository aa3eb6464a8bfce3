// The model's two sentences, checked before anyone sees them. The rules decide the findings and
// the action; the model may only explain them, so an answer that names another action or
// revision, tries to reach people (mentions, links), or is not two short sentences is dropped.
// What is kept is redacted like any other text. Pure.
import { z } from "zod";
import type { Diagnosis } from "../model/diagnosis.ts";
import { redactText } from "../redact/redact-text.ts";

// What the model is asked to answer, as JSON.
export const explanationAnswerSchema = z.object({ summary: z.string().min(1).max(600) });

const MAX_CHARS = 400;
const MAX_SENTENCES = 2;
// Slack and markdown ways to reach people or leave the page, and shell-looking instructions.
const REACHING_OUT =
  /<[@#!]|<https?:|https?:\/\/|www\.|@(here|channel|everyone)\b|`|\$\(|\[[^\]]*\]\(/i;
const ACTIONS = [
  "rollback",
  "uninstall",
  "upgrade",
  "delete",
  "restart",
  "scale",
  "install",
] as const;

function sentences(text: string): number {
  return text.split(/(?<=[.!?])\s+/).filter((s) => s.trim() !== "").length;
}

// Actions the text tells people to take ("roll back", "uninstall"…), as plain verbs.
function actionsIn(text: string): Set<string> {
  const normal = text.toLowerCase().replace(/roll(ing|ed)?[\s-]+back/g, "rollback");
  return new Set(ACTIONS.filter((a) => new RegExp(`\\b${a}`).test(normal)));
}

export function acceptExplanation(answer: unknown, diagnosis: Diagnosis): string | null {
  const parsed = explanationAnswerSchema.safeParse(answer);
  if (!parsed.success) return null;
  const text = parsed.data.summary.replace(/\s+/g, " ").trim();
  if (text.length > MAX_CHARS || sentences(text) > MAX_SENTENCES) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
  if (REACHING_OUT.test(text) || /[\u0000-\u001f\u007f]/.test(text)) return null;
  const recommended = diagnosis.recommendation?.operation ?? "none";
  for (const action of actionsIn(text)) {
    if (action !== recommended) return null;
  }
  const target = diagnosis.recommendation?.targetRevision ?? null;
  for (const match of text.matchAll(/\brevision\s+(\d+)/gi)) {
    const revision = Number(match[1]);
    const known =
      revision === target ||
      revision === diagnosis.release.revision ||
      revision === diagnosis.correlation?.revision ||
      revision === diagnosis.correlation?.comparedWith;
    if (!known) return null;
  }
  return redactText(text);
}
