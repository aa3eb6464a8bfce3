// What the command line prints, redacted by the writer itself so no command can forget: JSON
// output (values, plan --json, analyze) by the key and free-text rules with its layout kept,
// any other text by the free-text rules.
import { redactDeep } from "../redact/redact-deep.ts";
import { redactText } from "../redact/redact-text.ts";

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // Not JSON after all (a table that starts with "["): printed as text.
    return { ok: false };
  }
}

export function redactOutput(text: string): string {
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed)) {
    const parsed = parseJson(trimmed);
    if (parsed.ok) {
      const indent = /\n( +)"/.exec(trimmed)?.[1]?.length ?? 0;
      return JSON.stringify(redactDeep(parsed.value), null, indent);
    }
  }
  return redactText(text);
}

// A line writer (process.stdout's, a test's) that redacts before it writes.
export function redactedWriter(write: (line: string) => void): (text: string) => void {
  return (text) => write(redactOutput(text));
}
