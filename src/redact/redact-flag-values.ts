// Flags that carry a credential in free text (a command line in a log, a script in a
// container's command): "--db-password hunter2", "--token abc", "mysql -phunter2",
// "redis-cli -a pw", "curl -u user:pass". "-p 8080" and "mkdir -p /data" are left alone. Pure.
import { keyVerdict } from "./key-verdict.ts";
import { REDACTED } from "./redacted.ts";
import { isInertValue } from "./sensitive-value.ts";

// A long flag ("--token", Go's "-token"), then its value as the next word.
const FLAG_THEN_VALUE =
  /(?<![\w-])--?([A-Za-z][\w-]{1,60})[ \t]+(?!-)("[^"\n]*"|'[^'\n]*'|[^\s"'|;&<>]+)/g;
// Database clients take a password after -p (mysql, mongo), -a (redis-cli), -u user:pass (curl).
const PASSWORD_CLIENT = /\b(?:mysql\w*|mariadb\w*|mongo\w*|sshpass|redis-cli|curl|wget|psql|zip)\b/;
const SHORT_FLAG = /(?<![\w-])-(p|a|u|P)(?:[ \t]+|(?=[^\s-]))("[^"\n]*"|'[^'\n]*'|[^\s"'|;&<>]+)/g;

function shortFlagHides(flag: string, value: string, line: string): boolean {
  if (isInertValue(value.replace(/^["']|["']$/g, ""))) return false;
  if (flag === "u") return value.includes(":") && /\b(?:curl|wget)\b/.test(line);
  if (flag === "a") return /\bredis-cli\b/.test(line);
  if (flag === "P") return /\bzip\b/.test(line);
  // A port ("-p 8080", "-p 8080:80") or a path ("mkdir -p /data") is not a password.
  return (
    !/^(?:\d+(?::\d+)*(?:\/\w+)?|[/.~].*)$/.test(value) &&
    /\b(?:mysql|mariadb|mongo|sshpass)/.test(line)
  );
}

export function redactFlagValues(text: string): string {
  const flagged = text.replace(FLAG_THEN_VALUE, (whole, flag: string, value: string) => {
    if (keyVerdict(flag) !== "secret") return whole;
    if (isInertValue(value.replace(/^["']|["']$/g, ""))) return whole;
    return whole.slice(0, whole.length - value.length) + REDACTED;
  });
  if (!PASSWORD_CLIENT.test(flagged)) return flagged;
  return flagged
    .split("\n")
    .map((line) =>
      PASSWORD_CLIENT.test(line)
        ? line.replace(SHORT_FLAG, (whole, flag: string, value: string) =>
            shortFlagHides(flag, value, line)
              ? whole.slice(0, whole.length - value.length) + REDACTED
              : whole,
          )
        : line,
    )
    .join("\n");
}
