// The revision a rollback asks for: "to revision 39", "rev 39", "#39", "to 3", "rollback
// argocd 5", or relative ("2 revisions back"). null means the previous good revision.
import { NUMBER_WORDS } from "./lexicon.ts";
import type { Token } from "./tokenize.ts";

export interface TargetRevision {
  // An absolute revision number.
  revision: number | null;
  // "go back 2 revisions": resolved against the release's current revision by the caller.
  stepsBack: number | null;
}

const MARKERS = new Set(["revision", "rev", "r", "to", "#", "number", "no"]);
const STEP_NOUNS = new Set([
  "revisions",
  "revision",
  "releases",
  "versions",
  "deploys",
  "steps",
  "deployments",
]);
// Numbers that measure something else: "in 5 minutes", "3 replicas".
const UNITS = new Set([
  "minutes",
  "minute",
  "mins",
  "min",
  "hours",
  "hour",
  "h",
  "m",
  "s",
  "seconds",
  "days",
  "day",
  "replicas",
  "pods",
  "times",
  "am",
  "pm",
  "percent",
]);

function numberAt(token: Token | undefined): number | null {
  if (!token) return null;
  const digits = /^(?:#|rev|r)?(\d{1,9})$/.exec(token.word);
  if (digits?.[1]) return Number(digits[1]);
  // Revisions start at 1: "zero" is no revision.
  const spelled = NUMBER_WORDS[token.word];
  return spelled === undefined || spelled === 0 ? null : spelled;
}

export function extractTargetRevision(
  tokens: readonly Token[],
  flagRevision: number | null,
): TargetRevision {
  if (flagRevision !== null)
    return { revision: flagRevision > 0 ? flagRevision : null, stepsBack: null };
  let loose: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const n = numberAt(token);
    if (n === null || !token || token.kind === "version") continue;
    const after = tokens[i + 1]?.word ?? "";
    const before = tokens[i - 1]?.word ?? "";
    if (UNITS.has(after)) continue;
    const isWord = token.kind === "word" && !/\d/.test(token.word);
    // "2 revisions back", "back 2", "by 2 revisions", "roll back jaeger two revisions".
    if (STEP_NOUNS.has(after) || before === "by" || before === "back") {
      return { revision: null, stepsBack: n };
    }
    if (isWord && before !== "revision" && before !== "rev") continue;
    if (MARKERS.has(before) || /^(?:#|rev|r)\d/.test(token.word)) {
      return { revision: n > 0 ? n : null, stepsBack: null };
    }
    loose = [...loose, n];
  }
  // One bare number in a rollback: "rollback argocd 3".
  const only = loose.length === 1 ? loose[0] : undefined;
  return { revision: only !== undefined && only > 0 ? only : null, stepsBack: null };
}
