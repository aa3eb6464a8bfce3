// Free text (container logs, helm output, audit details) with credential-looking lines hidden:
// the same signals redact.ts uses for values, searched anywhere in a line, plus "password=…"
// style assignments. A whole line goes: half a secret is still a secret. Pure.
const CREDENTIAL_ANYWHERE = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\./,
  /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i,
  /\b(xox[abpr]|xapp|ghp|glpat|sk_live|AKIA)[-_A-Za-z0-9]{8,}/,
  /\b(pass(word|wd|phrase)?|secret|token|api[-_]?key|credential)s?\s*[=:]\s*["']?[^\s"',;]{4,}/i,
];

export const HIDDEN_LINE = "[line hidden: it looks like a credential]";

export function redactText(text: string): string {
  return text
    .split("\n")
    .map((line) => (CREDENTIAL_ANYWHERE.some((re) => re.test(line)) ? HIDDEN_LINE : line))
    .join("\n");
}
