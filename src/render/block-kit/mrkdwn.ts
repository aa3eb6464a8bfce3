// Neutral inline markup (render/message.ts) to Slack mrkdwn: escapes &, <, > everywhere (Slack
// requires it) and converts **bold**, links and {@U123} mentions outside code spans.
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function convertProse(text: string): string {
  return escapeMrkdwn(text)
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*")
    .replace(/\{@([UW][A-Z0-9]{2,})\}/g, "<@$1>")
    .replace(
      /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g,
      (_, label: string, url: string) => `<${url}|${label}>`,
    );
}

export function toMrkdwn(markdown: string): string {
  return markdown
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? escapeMrkdwn(part) : convertProse(part)))
    .join("");
}

// Cuts at a character budget without splitting a surrogate pair, marking the cut.
export function clip(text: string, max: number, marker = "…"): string {
  if (text.length <= max) return text;
  let end = max - marker.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${marker}`;
}

// Splits text into chunks of at most `max` characters, at line ends where possible.
export function splitLines(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const pieces = line.length > max ? hardSplit(line, max) : [line];
    for (const piece of pieces) {
      const next = current === "" ? piece : `${current}\n${piece}`;
      if (next.length <= max) {
        current = next;
      } else {
        chunks.push(current);
        current = piece;
      }
    }
  }
  if (current !== "" || chunks.length === 0) chunks.push(current);
  return chunks;
}

function hardSplit(line: string, max: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < line.length; i += max) pieces.push(line.slice(i, i + max));
  return pieces;
}
