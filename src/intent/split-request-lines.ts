// Cuts what is not the sender's request out of a Slack message before it is read: quoted
// lines ("&gt; …", someone else's words), struck-out text ("~roll back loki~" is withdrawn),
// and splits the rest into its lines, each marked when it is addressed to someone.

export interface RequestLine {
  // The raw line, Slack markup still in it (prepareMessage removes that).
  text: string;
  // Starts with a mention or "wheelhouse": the line speaks to someone.
  addressed: boolean;
}

const QUOTED = /^\s*(?:&gt;|>)/;
// A struck span between a pair of "~" (Slack's strike), not a "~1.2" version range.
const STRUCK = /(^|[\s(])~[^~\s](?:[^~\n]*?[^~\s])?~(?=$|[\s,.!?:;)])/g;
// List bullets and timeline stamps at the start of a line carry no words of the request.
const LEAD = /^\s*(?:[-*•◦▪‣]|\d{1,2}[:.]\d{2}\b|\d+[.)])\s*/;
const ADDRESSED = /^(?:<@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?wheelhouse\b)/i;

export function stripAsides(raw: string): string {
  return raw
    .split("\n")
    .filter((line) => !QUOTED.test(line))
    .join("\n")
    .replace(STRUCK, "$1 ");
}

export function splitRequestLines(raw: string): RequestLine[] {
  return (
    stripAsides(raw)
      .split("\n")
      .map((line) => line.replace(LEAD, "").replace(LEAD, "").trim())
      // "status update:", "timeline:": a heading, not a request.
      .filter((line) => /[a-z0-9]/i.test(line) && !/^[\w\s]{1,30}:$/.test(line))
      .map((text) => ({ text, addressed: ADDRESSED.test(text) }))
  );
}
