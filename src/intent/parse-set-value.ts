// Types a value the way `helm --set` does (true/false become booleans, plain numbers become
// numbers, everything else is a string) and rejects text that could smuggle a flag or a
// shell command into a value.

export type SetValue = string | number | boolean;

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

// `;`, `|`, `&`, `$(`, backticks and redirects are shell syntax; a leading `-` reads as a
// flag; a path into bin/ is a program. None belongs in a chart value typed in chat.
const UNSAFE = /[;|&`<>]|\$[({]|^\s*-|\/(?:usr\/)?s?bin\/|\\/;

export function isSafeText(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
  return !UNSAFE.test(text) && !/[\u0000-\u001f\u007f]/.test(text);
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
  if (NUMBER.test(text)) return Number(text);
  return text;
}
