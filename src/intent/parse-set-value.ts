// Types a value the way `helm --set` does (true/false become booleans, whole numbers become
// numbers, everything else is a string) and rejects text that could smuggle a flag or a
// shell command into a value.

export type SetValue = string | number | boolean;

// Whole numbers only, as helm's own --set reads them: "1.10" stays the text "1.10" (as a number
// it would become 1.1), and digits beyond JavaScript's safe integers stay text too.
const INTEGER = /^-?(?:0|[1-9]\d*)$/;

// `;`, `|`, `&`, `$(`, backticks and redirects are shell syntax; a leading `-` reads as a
// flag; a path into bin/ is a program. None belongs in a chart value typed in chat.
const UNSAFE = /[;|&`<>]|\$[({]|^\s*-|\/(?:usr\/)?s?bin\/|\\/;

// Control characters (C0 and C1) and invisible formatting ones (zero-width, bidi overrides):
// what the plan shows would not be what helm gets.
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

export function isSafeText(text: string): boolean {
  return !UNSAFE.test(text) && !HIDDEN.test(text);
}

function unquote(raw: string): { text: string; quoted: boolean } {
  const match = /^(["'])(.*)\1$/s.exec(raw);
  return match ? { text: match[2] ?? "", quoted: true } : { text: raw, quoted: false };
}

export function parseSetValue(raw: string, forceString = false): SetValue | null {
  const { text, quoted } = unquote(raw.trim());
  if (!isSafeText(text)) return null;
  if (quoted || forceString) return text;
  if (/^(?:true|false)$/i.test(text)) return text.toLowerCase() === "true";
  if (INTEGER.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return text;
}
