// The API server's Warning headers (RFC 7234: `299 - "text"`, several per header possible), as
// kubectl prints them: only code 299, the text unquoted.
const WARNING = /(\d{3}) (\S+) "((?:[^"\\]|\\.)*)"(?: "[^"]*")?(?:,\s*|$)/gy;

export function parseWarnings(headers: string[]): string[] {
  const warnings: string[] = [];
  for (const header of headers) {
    for (const match of header.matchAll(WARNING)) {
      const [, code, , text = ""] = match;
      const unquoted = text.replace(/\\(.)/g, "$1");
      if (code === "299" && unquoted !== "") warnings.push(unquoted);
    }
  }
  return warnings;
}
