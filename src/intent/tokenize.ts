// Splits a prepared message into tokens the way a person reading it would: quoted strings
// stay whole, "key=value,other=1" stays whole, English contractions are opened up and
// possessives ("jaeger's") are marked rather than lost.

export type TokenKind = "word" | "flag" | "number" | "version" | "assignment" | "quoted";

export interface Token {
  // As typed, with surrounding quotes and trailing punctuation removed (case kept).
  raw: string;
  // Lowercased form used for matching.
  word: string;
  kind: TokenKind;
  // "jaeger's" or "jaegers'".
  possessive: boolean;
  // The token was followed by "," "?" "!" or "." ending a clause.
  endsClause: boolean;
}

const VERSION = /^[\^~]?v?\d+(?:\.\d+){1,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const NUMBER = /^\d+$/;
const IS_CONTRACTIONS = new Set([
  "what",
  "that",
  "it",
  "who",
  "where",
  "how",
  "there",
  "here",
  "he",
  "she",
  "when",
  "why",
  "which",
]);

function splitRaw(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    const startsQuote = (ch === '"' || ch === "'") && (current === "" || current.endsWith("="));
    if (startsQuote) {
      const close = text.indexOf(ch, i + 1);
      if (close !== -1) {
        // Keep the quotes for now so that the token knows it was quoted.
        current += text.slice(i, close + 1);
        i = close + 1;
        continue;
      }
    }
    if (/\s/.test(ch)) {
      if (current) out.push(current);
      current = "";
    } else if (ch === "," && (i + 1 >= text.length || /\s/.test(text.charAt(i + 1)))) {
      // "kafka, redis" separates; "--set a=1,b=2" does not.
      current += ch;
      out.push(current);
      current = "";
    } else {
      current += ch;
    }
    i++;
  }
  if (current) out.push(current);
  return out;
}

function classify(raw: string, quoted: boolean): TokenKind {
  if (quoted) return "quoted";
  if (NUMBER.test(raw)) return "number";
  if (VERSION.test(raw)) return "version";
  if (/^--?[A-Za-z]/.test(raw)) return "flag";
  if (/^[^=]+=/.test(raw)) return "assignment";
  return "word";
}

function makeToken(raw: string, word: string, kind: TokenKind, possessive = false): Token {
  return { raw, word, kind, possessive, endsClause: false };
}

// "what's" -> what is, "isn't" -> is not, "jaeger's" -> jaeger (possessive).
function expandWord(raw: string): Token[] {
  const lower = raw.toLowerCase();
  const nt = /^(.+)n't$/.exec(lower);
  if (nt?.[1]) {
    const base = nt[1] === "wo" ? "will" : nt[1] === "ca" ? "can" : nt[1];
    return [makeToken(base, base, "word"), makeToken("not", "not", "word")];
  }
  const s = /^(.+)'s$/.exec(lower);
  if (s?.[1]) {
    if (IS_CONTRACTIONS.has(s[1]))
      return [makeToken(s[1], s[1], "word"), makeToken("is", "is", "word")];
    if (s[1] === "let") return [makeToken("let", "let", "word")];
    return [makeToken(raw.slice(0, -2), s[1], classify(s[1], false), true)];
  }
  const other = /^(.+)'(?:re|ll|ve|m|d)$/.exec(lower);
  if (other?.[1]) return [makeToken(other[1], other[1], "word")];
  if (lower.endsWith("s'") && lower.length > 2) {
    return [makeToken(raw.slice(0, -1), lower.slice(0, -1), "word", true)];
  }
  if (lower === "whats") return [makeToken("what", "what", "word"), makeToken("is", "is", "word")];
  // "kafka@31.1.0": a release pinned to a chart version, as in package managers.
  const pinned = /^([a-z0-9][a-z0-9.-]*)@(v?\d+\.\d+\S*)$/.exec(lower);
  if (pinned?.[1] && pinned[2]) {
    const at = raw.indexOf("@");
    return [
      makeToken(raw.slice(0, at), pinned[1], "word"),
      makeToken("to", "to", "word"),
      makeToken(raw.slice(at + 1), pinned[2], classify(pinned[2], false)),
    ];
  }
  return [makeToken(raw, lower, classify(raw, false))];
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const piece of splitRaw(text)) {
    let raw = piece;
    let endsClause = false;
    // Trailing punctuation belongs to the sentence, not to the word ("31.1.0." "kafka?").
    const trail = /[.,!?:;)\]]+$/.exec(raw);
    if (trail && !/^['"].*['"]$/.test(raw)) {
      endsClause = /[,!?.;:]/.test(trail[0]);
      raw = raw.slice(0, trail.index);
    }
    raw = raw.replace(/^[([]+/, "");
    if (!raw) {
      const last = tokens.at(-1);
      if (last && endsClause) last.endsClause = true;
      continue;
    }
    const quoted = /^(["']).*\1$/s.exec(raw);
    const expanded =
      quoted && raw.length >= 2
        ? [makeToken(raw.slice(1, -1), raw.slice(1, -1).toLowerCase(), "quoted")]
        : expandWord(raw);
    const last = expanded.at(-1);
    if (last) last.endsClause = endsClause;
    tokens.push(...expanded);
  }
  return joinSpacedAssignments(tokens);
}

// "replicaCount = 4" and "replicaCount= 4" are the same as "replicaCount=4".
function joinSpacedAssignments(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    if (token.kind === "word" && next?.raw === "=" && after) {
      out.push(assignment(`${token.raw}=${after.raw}`, after.kind === "quoted", after.endsClause));
      i += 2;
    } else if (
      token.kind === "assignment" &&
      token.raw.endsWith("=") &&
      next &&
      !next.word.startsWith("-")
    ) {
      out.push(assignment(`${token.raw}${next.raw}`, next.kind === "quoted", next.endsClause));
      i += 1;
    } else if (token.kind === "word" && next && next.raw.length > 1 && next.raw.startsWith("=")) {
      out.push(assignment(`${token.raw}${next.raw}`, false, next.endsClause));
      i += 1;
    } else {
      out.push(token);
    }
  }
  return out;
}

function assignment(raw: string, quotedValue: boolean, endsClause: boolean): Token {
  // Quoting the value is remembered with the same quotes helm would see.
  const [key = "", ...rest] = raw.split("=");
  const value = rest.join("=");
  const text = quotedValue ? `${key}="${value}"` : raw;
  return { raw: text, word: text.toLowerCase(), kind: "assignment", possessive: false, endsClause };
}
