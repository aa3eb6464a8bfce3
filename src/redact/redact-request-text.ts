// A request as typed may carry a secret ("set db auth.password=hunter2", "set the db password
// to hunter2"). What the bot repeats of it (the audit log, the echo of a /helm command) has such
// values replaced: `--set` pairs and `key=value` by any key segment, key phrases by their
// words, and every shape the free-text rules know. Pure.
import { keyVerdict } from "./key-verdict.ts";
import { redactText } from "./redact-text.ts";
import { REDACTED } from "./redacted.ts";
import { secretSetKeys } from "./secret-set-keys.ts";
import { isSensitiveKeyPath, splitKeyPath } from "./sensitive-key.ts";
import { isInertValue } from "./sensitive-value.ts";

// key=value pairs as --set writes them, comma-separated lists included.
const PAIR = /(^|[\s,])([A-Za-z0-9_][\w.\-[\]\\]*)(=)("[^"]*"|'[^']*'|(?:\\,|[^\s,])+)/g;
const WORD = /\b[A-Za-z][\w.-]*/g;
// After a key: up to four words, a connector, the value ("password for billing-api in demo to
// hunter2"); or, after a set verb, the value right away ("set the db password hunter2").
const AFTER_KEY =
  /^((?:\s+(?!(?:to|as|is)\b)[\w.-]+){0,4}?\s+(?:to|as|is|=|:)\s+)("[^"]*"|'[^']*'|[^\s,;]+)/i;
const RIGHT_AFTER_KEY = /^(\s+)("[^"]*"|'[^']*'|[^\s,;]+)/;
const SET_VERB = /\b(?:set|change|update|rotate|use)\s+(?:the\s+)?(?:[\w.-]+\s+){0,2}$/i;
// "use hunter2 as the backup passphrase": the value first.
const USE_AS =
  /\b(use|using)(\s+)("[^"]*"|'[^']*'|[^\s,;]+)(\s+as\s+(?:the\s+)?)((?:[\w.-]+\s+){0,2}[\w.-]+)/gi;
const NOT_A_VALUE = /^(?:to|as|is|for|on|in|of|the|a|an|with|and|from|at|=|-n|--namespace)$/i;

function sensitivePhraseKey(key: string): boolean {
  return isSensitiveKeyPath(splitKeyPath(key)) || keyVerdict(key) === "secret";
}

function redactPhrases(text: string): string {
  let out = "";
  let copied = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const key = m[0];
    if (!sensitivePhraseKey(key)) continue;
    const end = m.index + key.length;
    const rest = text.slice(end);
    const connected = AFTER_KEY.exec(rest);
    const direct = SET_VERB.test(text.slice(0, m.index)) ? RIGHT_AFTER_KEY.exec(rest) : null;
    const found = connected ?? direct;
    const value = found?.[2] ?? "";
    if (!found || isInertValue(value) || NOT_A_VALUE.test(value)) continue;
    const valueStart = end + (found[1]?.length ?? 0);
    out += `${text.slice(copied, valueStart)}${REDACTED}`;
    copied = valueStart + value.length;
    WORD.lastIndex = copied;
  }
  return out + text.slice(copied);
}

function redactPairs(text: string): string {
  const pairs = [...text.matchAll(PAIR)].map((m) => [m[2] ?? "", unquote(m[4] ?? "")] as const);
  const secret = secretSetKeys(pairs);
  return text.replace(PAIR, (whole, lead: string, key: string, eq: string, value: string) =>
    secret.has(key) && !isInertValue(unquote(value)) ? `${lead}${key}${eq}${REDACTED}` : whole,
  );
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, "$2");
}

export function redactRequestText(text: string): string {
  const used = redactPairs(text).replace(
    USE_AS,
    (whole, verb: string, space: string, value: string, as: string, key: string) =>
      key.split(/\s+/).some(sensitivePhraseKey) && !isInertValue(value)
        ? `${verb}${space}${REDACTED}${as}${key}`
        : whole,
  );
  return redactText(redactPhrases(used));
}
