// The questions Wheelhouse asks back. Only release names from the inventory and words that
// are plain names are ever echoed: nothing a person typed that looks like a flag or shell
// syntax can come back through a question.
import type { Operation } from "../model/intent.ts";
import type { ReleaseRef } from "../model/release.ts";

const VERB: Readonly<Record<Operation, string>> = {
  upgrade: "upgrade",
  rollback: "roll back",
  uninstall: "uninstall",
  "set-values": "change values on",
  status: "check",
  history: "show the history of",
  values: "show the values of",
  manifest: "show the manifest of",
  diagnose: "diagnose",
  list: "list",
  help: "help with",
  unknown: "work on",
};

const PLAIN = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

// The word itself when it is a plain name, else a neutral stand-in.
export function plainWord(word: string, fallback = "that"): string {
  return PLAIN.test(word) && !word.startsWith("-") ? word : fallback;
}

export function describeRelease(ref: ReleaseRef): string {
  return `${ref.name} in ${ref.namespace}`;
}

function listOf(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  const head =
    shown.length > 1 ? `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}` : (shown[0] ?? "");
  return more > 0 ? `${shown.join(", ")} (and ${more} more)` : head;
}

export const clarify = {
  whichRelease: (op: Operation) => `Which release should I ${VERB[op]}?`,
  ambiguous: (query: string, candidates: readonly ReleaseRef[]) =>
    `More than one release matches ${plainWord(query, "that")}: ${listOf(candidates.map(describeRelease))}. Which one do you mean?`,
  notFound: (query: string, suggestions: readonly string[]) => {
    const head = `I can't find a release called ${plainWord(query, "that")}.`;
    if (suggestions.length === 0)
      return `${head} Which release do you mean? Ask me to list releases to see them all.`;
    return `${head} Did you mean ${listOf(suggestions, 3)}?`;
  },
  notInNamespace: (query: string, namespace: string, candidates: readonly ReleaseRef[]) =>
    `I can't find ${plainWord(query, "that release")} in ${plainWord(namespace, "that namespace")}. I see ${listOf(candidates.map(describeRelease))}. Is that the one you mean?`,
  severalReleases: (names: readonly string[]) =>
    `I work on one release at a time, and that names several (${listOf(names)}). Which one should I start with?`,
  widening: (op: Operation) =>
    `I won't ${VERB[op]} many releases at once. Which single release do you mean?`,
  shellSyntax: (op: Operation, release: ReleaseRef | null) =>
    op === "unknown" || op === "help" || op === "list"
      ? "That message contains shell syntax, and I never run shell commands. Which Helm operation do you need?"
      : `That message contains shell syntax, and I never run shell commands. Should I only ${VERB[op]} ${release ? describeRelease(release) : "the release you name"}, planned and shown first?`,
  rejectedFlags: (op: Operation, release: ReleaseRef | null) =>
    `I don't pass extra helm flags through. Should I ${VERB[op]} ${release ? describeRelease(release) : "the release you name"} without them?`,
  unsafeValue: () =>
    "I can't use that value: values can't start with a dash or contain shell syntax. What value should I set?",
  invalidKey: () =>
    "That doesn't look like a values key (for example image.tag or replicaCount). Which key should I set?",
  missingValue: () =>
    "Which value should I set, and to what? For example: set replicaCount=3 on webapp.",
  invalidVersion: () =>
    "That doesn't look like a chart version (for example 1.6.0). Which version should I upgrade to?",
  revisionTooOld: (ref: ReleaseRef) =>
    `${describeRelease(ref)} has no revision that far back. Which revision should I roll back to?`,
  install: (existing: ReleaseRef | null) =>
    existing
      ? `${describeRelease(existing)} is already installed. Do you want me to upgrade it?`
      : "I don't install new releases, I look after existing ones. Which release should I work on?",
  restart: (ref: ReleaseRef | null) =>
    `I can't restart workloads, only run Helm operations. Should I diagnose ${ref ? describeRelease(ref) : "a release"} instead?`,
  tooLong: (max: number) =>
    `That message is too long to read as a request (I read up to ${max} characters). Ask for one operation in a sentence, for example: upgrade kafka to latest.`,
  acknowledged: () =>
    "Noted, I'm not starting anything. Mention me with a request when you need one (for example: status of kafka).",
  unknown: () =>
    "Sorry, I didn't get that. Try: status of kafka, upgrade kafka to latest, roll back kafka, or help.",
  mutationNeedsRelease: (op: Operation, namespace: string) =>
    `Which release in ${namespace} should I ${VERB[op]}?`,
};
