// Text from outside (user text, helm output, descriptions, events, logs, model answers) made inert
// for Slack mrkdwn: shown as it is, never a mention, link or formatting.
//
// - Slack reads &, < and > as control characters and asks for them as &amp; &lt; &gt; ("Escaping
//   text", Slack's formatting reference): escaped, no <!channel>, <!here>, <!subteam^…>, <@U…>,
//   <#C…>, <http…|…> or <!date…> can come from data. Bare URLs and names are left alone because
//   every mrkdwn object goes out with `verbatim: true` (Slack's text object reference).
// - mrkdwn has no escape for * _ ~ and `. A zero-width space does not help: Slack counts it as a
//   word boundary, so it *enables* formatting (jsx-slack's "exact mode" relies on that). So, as
//   jsx-slack's <Escape> does inside links, a formatting character that could open or close
//   formatting becomes a look-alike (∗ ˍ ∼ ˋ). One between two letters or digits cannot (Slack only
//   formats at word boundaries), so `DB_PASSWORD` and `a*b` stay as they are.
// - Backticks become ˋ everywhere, code included: data can never end a code span or a ``` block.
// - A line starting with > (a blockquote even as &gt;) gets a soft hyphen first, as jsx-slack does.
const LOOKALIKE: Record<string, string> = { "*": "∗", _: "ˍ", "~": "∼", "`": "ˋ" };
const WORD = /[A-Za-z0-9]/;

export function escapeControl(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const isWord = (ch: string | undefined): boolean => ch !== undefined && WORD.test(ch);

function breakFormatting(text: string): string {
  return text.replace(/[*_~`]/g, (ch: string, at: number) =>
    ch !== "`" && isWord(text[at - 1]) && isWord(text[at + 1]) ? ch : (LOOKALIKE[ch] ?? ch),
  );
}

function breakQuotes(escaped: string): string {
  return escaped.replace(/(^|\n)([ \t]*)&gt;/g, "$1$2\u00ad&gt;");
}

// Prose: sections, fields, context lines, link labels, the notification text.
export function inertProse(text: string): string {
  return breakQuotes(escapeControl(breakFormatting(text)));
}

// Inside `code`: one line, no backtick; Slack does not format inside a code span.
export function inertCode(text: string): string {
  return escapeControl(text.replace(/`/g, LOOKALIKE["`"] ?? "'").replace(/\r\n|\r|\n/g, " "));
}

// Inside a ``` block: lines kept, no backtick, so no fence can be closed or opened.
export function inertPre(text: string): string {
  return escapeControl(text.replace(/`/g, LOOKALIKE["`"] ?? "'"));
}
