// Turns a raw Slack message into plain text the analyser can read, and cuts off anything
// that looks like shell syntax: the bot never runs a shell, and what follows `;`, `&&`,
// `|` or `$(` is someone else's command, not part of the request.
import { stripAsides } from "./split-request-lines.ts";

export interface PreparedMessage {
  // The text to analyse: markup removed, shell tails cut off.
  text: string;
  // True when shell syntax was found (and removed): the request gets a clarification.
  shellSyntax: boolean;
  // True when the person typed it as a helm command ("/helm …", "helm …").
  cliStyle: boolean;
}

// Commands that, after `;` or on a new line, mean a second command was chained on.
const COMMAND_WORDS = new Set([
  "kubectl",
  "helm",
  "rm",
  "curl",
  "wget",
  "sh",
  "bash",
  "zsh",
  "dash",
  "cat",
  "echo",
  "chmod",
  "chown",
  "nc",
  "ncat",
  "python",
  "python3",
  "perl",
  "ruby",
  "node",
  "eval",
  "exec",
  "sudo",
  "su",
  "mv",
  "cp",
  "dd",
  "mkfs",
  "shutdown",
  "reboot",
  "kill",
  "killall",
  "pkill",
  "export",
  "env",
  "printenv",
  "base64",
  "sleep",
  "xargs",
  "source",
  "touch",
  "tee",
  "ssh",
  "scp",
  "docker",
  "crontab",
  "alias",
]);

const SLACK_ENTITIES: ReadonlyArray<[RegExp, string]> = [
  [/&lt;/g, "<"],
  [/&gt;/g, ">"],
  // Last, so that "&amp;lt;" becomes the literal "&lt;" and not "<".
  [/&amp;/g, "&"],
];

function stripSlackMarkup(text: string): string {
  let out = text;
  // <@U123ABC>, <@U123|name>, <#C123|chan>, <!here>, <https://…|label>, <mailto:…>.
  out = out.replace(/<[@#!][^<>\s]*>/g, " ");
  out = out.replace(/<(?:https?|mailto):[^<>\s|]*(?:\|([^<>]*))?>/g, (_m, label?: string) =>
    label ? ` ${label} ` : " ",
  );
  for (const [pattern, replacement] of SLACK_ENTITIES) out = out.replace(pattern, replacement);
  // Emoji codes such as :rotating_light: carry no request.
  out = out.replace(/(^|\s):[a-z0-9_+-]+:(?=\s|$|[,.!?])/g, "$1 ");
  // Curly quotes and apostrophes, as phones and macOS type them.
  out = out.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"');
  // Arrows mean "to": "kafka 31.0.2 -> 31.1.0".
  out = out.replace(/\s*(?:->|=>|\u2192)\s*/g, " to ");
  // Slack bold/italic/strike markers come in pairs: "*kafka*"; a lone "*" is a glob.
  out = out.replace(/(^|[\s(])([*_~])([^\s*_~](?:[^*_~]*?[^\s*_~])?)\2(?=$|[\s,.!?:)])/g, "$1$3");
  return out;
}

// First words that make the whole message a shell command (English verbs such as "kill"
// or "reboot" are left to the analyser, which refuses them in words).
const SHELL_STARTS = new Set(
  `kubectl rm curl wget sh bash zsh sudo su chmod chown nc ncat python python3 perl ruby eval
exec dd mkfs xargs docker ssh scp crontab base64 printenv killall pkill`.split(/\s+/),
);

// Short programs that are only ever commands when put in backticks ("`id`", "`ls /`").
const CODE_ONLY_COMMANDS = new Set(
  `id whoami uname ls ps pwd hostname find grep awk sed head tail nohup mount passwd
systemctl apt apt-get yum apk pip npm npx openssl socat telnet nmap xterm nslookup dig`.split(
    /\s+/,
  ),
);

function firstWord(text: string): string {
  return /^\s*([A-Za-z0-9_./-]+)/.exec(text)?.[1]?.toLowerCase() ?? "";
}

function looksLikeCommand(tail: string): boolean {
  const first = firstWord(tail);
  return COMMAND_WORDS.has(first) || first.startsWith("/") || first.startsWith("./");
}

// Backtick spans are Slack code formatting: keep them when they hold a plain request.
function unwrapCode(text: string): { text: string; unsafe: boolean } {
  let unsafe = false;
  const out = text.replace(/```([\s\S]*?)```|`([^`]*)`/g, (_m, block?: string, inline?: string) => {
    const inner = block ?? inline ?? "";
    // A pasted "helm rollback argocd 3" is a request; "kubectl delete ns x" is not.
    const body = inner.replace(/^\s*\/?helm\s+/, "");
    if (
      /\$\(|\$\{|&&|\|\||[;|<>]/.test(body) ||
      looksLikeCommand(body) ||
      CODE_ONLY_COMMANDS.has(firstWord(body))
    ) {
      unsafe = true;
      return " ";
    }
    return ` ${inner} `;
  });
  // A lone backtick is left over from an unbalanced span: treat it as shell.
  if (out.includes("`")) return { text: out.slice(0, out.indexOf("`")), unsafe: true };
  return { text: out, unsafe };
}

// Index of the first place where a second command starts, or -1.
function findShellTail(text: string): number {
  const patterns: RegExp[] = [
    /\$\(|\$\{|&&|\|\||\|\s*\S|>\s*[/&~.\w]|<\s*[/&~.\w]|\b(?:sh|bash|zsh)\s+-c\b/,
  ];
  let first = -1;
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match && (first === -1 || match.index < first)) first = match.index;
  }
  // ";", "&" and new lines are also English: only a command after them counts.
  for (const separator of text.matchAll(/[;\n&]/g)) {
    const at = separator.index;
    if (first !== -1 && at > first) break;
    if (looksLikeCommand(text.slice(at + 1))) {
      first = first === -1 ? at : Math.min(first, at);
      break;
    }
  }
  return first;
}

export function prepareMessage(raw: string): PreparedMessage {
  let text = stripSlackMarkup(stripAsides(raw));
  const code = unwrapCode(text);
  text = code.text;
  let shellSyntax = code.unsafe;
  const tail = findShellTail(text);
  if (tail !== -1) {
    text = text.slice(0, tail);
    shellSyntax = true;
  }
  // New lines, ";" and dashes between words end a clause: "postgres is fine; redis is not".
  text = text
    .replace(/\s*(?:[\n;]|\s[\u2014\u2013-]\s)[;\s]*/g, ", ")
    .replace(/\s+/g, " ")
    .replace(/^[,\s]+|[,\s]+$/g, "")
    .trim();
  // A path to a program is never part of a Helm request; the words around it may still be.
  if (/(?:^|[\s=:'"])\/(?:usr\/)?(?:local\/)?s?bin\//.test(text)) shellSyntax = true;
  // Addressing the bot is not part of the request: "@wheelhouse", "wheelhouse:", "hey bot".
  text = text.replace(/^(?:(?:hey|hi|hello|yo|ok|okay)\s+)?@?wheelhouse\b[,:]?\s*/i, "");
  // "kubectl delete ns x", "sudo …", "rm -rf /": a shell command, not a request.
  if (SHELL_STARTS.has(firstWord(text)) || /^(?:\.\/|\/[^\s/]+\/)/.test(text)) shellSyntax = true;
  let cliStyle = false;
  const helm = /^\/?helm(?:\s+|$)/i.exec(text);
  if (helm) {
    cliStyle = true;
    text = text.slice(helm[0].length);
  } else if (text.startsWith("/")) {
    // "/wheelhouse rollback …": any other slash command works the same way.
    text = text.replace(/^\/[a-z-]+\s*/i, "");
    cliStyle = true;
  }
  return { text: text.trim(), shellSyntax, cliStyle };
}
