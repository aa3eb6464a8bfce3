// A request as typed may carry a secret ("set db auth.password=hunter2"). What the bot repeats
// of it (the audit log, the echo of a /helm command, which Slack itself never shows others)
// has such values replaced, by the same key rules as values and manifests.
import { isSensitiveKey, REDACTED } from "./redact-values.ts";

// key=value and key: value, with --set style dotted keys and quoted values.
const ASSIGNMENT = /([A-Za-z0-9_][A-Za-z0-9_.\-[\]]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;]+)/g;
// "set the db password to hunter2", "token is abc".
const PHRASE = /\b([A-Za-z][A-Za-z0-9_.-]*)(\s+(?:to|as|is|=)\s+)("[^"]*"|'[^']*'|[^\s,;]+)/gi;

function lastSegment(key: string): string {
  return (
    key
      .split(".")
      .at(-1)
      ?.replace(/\[\d+\]$/, "") ?? key
  );
}

export function redactRequestText(text: string): string {
  const hide = (whole: string, key: string, between: string) =>
    isSensitiveKey(lastSegment(key)) ? `${key}${between}${REDACTED}` : whole;
  return text.replace(ASSIGNMENT, hide).replace(PHRASE, hide);
}
