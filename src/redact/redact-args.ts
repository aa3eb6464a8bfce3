// A container's args or command (or any list of strings) as a program reads it: a flag that
// names a credential hides the next item ("--token", "abc"), database clients hide what follows
// -p ("-p", "hunter2" or "-phunter2"), curl hides "-u user:pass". Items with "=" are free text
// (redact-text.ts already turned "--db-password=x" into "--db-password=REDACTED"). Pure.
import { keyVerdict } from "./key-verdict.ts";
import { REDACTED } from "./redacted.ts";
import { isInertValue } from "./sensitive-value.ts";

const FLAG = /^--?([A-Za-z][\w.-]*)$/;
const PASSWORD_P = /\b(?:mysql\w*|mariadb\w*|mongo\w*|sshpass)\b/;
// "-p 8080" is a port, "-p 8080:80" a port mapping, "mkdir -p /data" a path.
const NOT_A_PASSWORD = /^(?:\d+(?::\d+)*(?:\/\w+)?|[/.~].*)$/;

function takesSecret(flag: string, dashes: number, next: string, program: string): boolean {
  if (isInertValue(next) || next.startsWith("-")) return false;
  if (dashes === 2 || flag.length > 1) return keyVerdict(flag) === "secret";
  if (flag === "p") return PASSWORD_P.test(program) && !NOT_A_PASSWORD.test(next);
  if (flag === "a") return /\bredis-cli\b/.test(program);
  if (flag === "u") return /\b(?:curl|wget)\b/.test(program) && next.includes(":");
  return false;
}

export function redactArgs(args: readonly string[]): string[] {
  const program = args.join(" ");
  const out = [...args];
  for (let i = 0; i < out.length; i++) {
    const arg = out[i] ?? "";
    const attached = /^-p(.+)$/.exec(arg);
    if (attached && PASSWORD_P.test(program) && !isInertValue(attached[1] ?? "")) {
      out[i] = `-p${REDACTED}`;
      continue;
    }
    const flag = FLAG.exec(arg);
    const next = out[i + 1];
    if (!flag || next === undefined) continue;
    const dashes = arg.startsWith("--") ? 2 : 1;
    if (takesSecret(flag[1] ?? "", dashes, next, program)) {
      out[i + 1] = REDACTED;
      i++;
    }
  }
  return out;
}
