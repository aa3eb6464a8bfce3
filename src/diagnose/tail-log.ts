// The last lines of a container log as people should see them: container-runtime prefixes
// removed, at most `lines` lines, credentials hidden. Pure.
import { redactText } from "../redact/redact-text.ts";

// CRI log format: "2026-01-01T00:00:00.1Z stdout F message" (some runtimes leak it through).
const CRI_PREFIX = /^\d{4}-\d{2}-\d{2}T\S+ (stdout|stderr) [FP] /;
const MAX_LINE = 300;

// Redacted before it is cut: a token cut in half no longer has the shape that gives it away.
export function tailLog(text: string, lines = 20): string {
  const all = text
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => line.replace(CRI_PREFIX, ""));
  while (all.length > 0 && all.at(-1)?.trim() === "") all.pop();
  return redactText(all.slice(-lines).join("\n"))
    .split("\n")
    .map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line))
    .join("\n");
}
