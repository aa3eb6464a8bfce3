// The words of a request before the analyser sees them: the bot's own mention removed, and the
// two things that are not Helm questions (help, audit) told apart from everything else.
import { namespaceSchema, releaseNameSchema } from "../model/names.ts";

export type RequestText =
  | { kind: "help" }
  | { kind: "audit"; release: string | null; namespace: string | null }
  | { kind: "bad-audit"; reason: string }
  | { kind: "text"; text: string };

// "<@U0WHEELBOT> status web" and "<@U0WHEELBOT|wheelhouse> status web".
export function stripMention(text: string, botUserId: string | null): string {
  const own = botUserId
    ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, "g")
    : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  // New lines stay: the analyser picks the line of a multi-line message that is the request.
  return text
    .replace(own, " ")
    .replace(/[^\S\n]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .trim();
}

export function readRequestText(text: string): RequestText {
  const words = text
    .trim()
    .replace(/^\/?helm\s+/i, "")
    .split(/\s+/)
    .filter(Boolean);
  const first = words[0]?.toLowerCase();
  if (first === undefined || first === "help" || first === "-h" || first === "--help")
    return { kind: "help" };
  if (first !== "audit") return { kind: "text", text: text.trim() };
  let release: string | null = null;
  let namespace: string | null = null;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? "";
    if (word === "-n" || word === "--namespace") {
      namespace = words[++i] ?? "";
      if (!namespaceSchema.safeParse(namespace).success)
        return {
          kind: "bad-audit",
          reason: `${JSON.stringify(namespace)} is not a namespace name.`,
        };
    } else if (release === null) {
      if (!releaseNameSchema.safeParse(word).success)
        return { kind: "bad-audit", reason: `${JSON.stringify(word)} is not a release name.` };
      release = word;
    } else {
      return { kind: "bad-audit", reason: "Usage: audit [RELEASE] [-n NAMESPACE]" };
    }
  }
  return { kind: "audit", release, namespace };
}
