// Settles the operation once the words and the release lookup are known: a release named
// with no verb is a status question, a read about no release is a list ("what's failing?"),
// "deploy x" for an x that does not exist is an install, and so on.
import type { Operation } from "../model/intent.ts";
import type { NamespaceHint } from "./find-namespace-hints.ts";
import type { FindReleaseResult } from "./find-release.ts";
import type { ReadMessage } from "./read-message.ts";

export type OperationChoice =
  | { kind: "operation"; op: Operation }
  // Understood, and refused with a question: Wheelhouse neither installs nor restarts.
  | { kind: "refused"; reason: "install" | "restart" };

export type BaseOperation = Operation | "install" | "restart" | null;

const READS: ReadonlySet<Operation> = new Set([
  "status",
  "diagnose",
  "history",
  "values",
  "manifest",
]);
const LIST_QUESTIONS = new Set(["what", "which", "any", "anything", "show", "list", "are", "is"]);
const QUESTION_STARTS = new Set(["is", "are", "was", "does", "did", "has", "what", "which"]);

// The operation the words alone ask for, before any release is looked up.
export function baseOperation(msg: ReadMessage, hasVersion: boolean): BaseOperation {
  const cueOp = msg.detected.op;
  const strongCue = (msg.detected.cue?.weight ?? 0) >= 2;
  if (msg.cli.help && !strongCue) return "help";
  const hasValues =
    msg.values.set !== null || msg.values.problem !== null || msg.cli.sets.length > 0;
  const valueVerb =
    cueOp === null || cueOp === "upgrade" || cueOp === "values" || cueOp === "set-values";
  // "upgrade x --set a=1" keeps the chart and changes values; with --version it upgrades.
  if (hasValues && valueVerb) return hasVersion && cueOp === "upgrade" ? "upgrade" : "set-values";
  if (cueOp === null && hasVersion && !QUESTION_STARTS.has(msg.tokens[0]?.word ?? ""))
    return "upgrade";
  return cueOp;
}

export interface ChoiceContext {
  msg: ReadMessage;
  base: BaseOperation;
  found: FindReleaseResult | null;
  filter: string | null;
  // Namespaces named bare ("how's monitoring looking?") when no release was found.
  bareNamespaces: readonly NamespaceHint[];
}

export function lastCueWord(msg: ReadMessage): string {
  const cue = msg.detected.cue;
  return cue ? (msg.tokens[cue.end - 1]?.word ?? "") : "";
}

export function hasRevisionWord(msg: ReadMessage): boolean {
  return msg.tokens.some(
    (t) => t.word === "revision" || t.word === "rev" || /^(?:#|rev|r)\d+$/.test(t.word),
  );
}

function askedHowTo(msg: ReadMessage): boolean {
  const words = msg.tokens.map((t) => t.word).join(" ");
  return /^(?:how (?:do|can|would|should) (?:i|we|you)|how to)\b/.test(words);
}

export function chooseOperation(ctx: ChoiceContext): OperationChoice {
  const { msg, base, found, filter } = ctx;
  const named =
    found?.kind === "found" || found?.kind === "ambiguous" || found?.kind === "not-in-namespace";
  const hasNamespace =
    msg.hints.some((h) => h.explicit) || msg.cli.allNamespaces || ctx.bareNamespaces.length > 0;
  // "how do I roll back?" about no release asks how the bot works.
  if (base !== null && found?.kind === "none" && askedHowTo(msg))
    return { kind: "operation", op: "help" };
  // "deploy redis" where no redis exists yet is an install.
  if (base === "install" || (found?.kind === "not-found" && lastCueWord(msg) === "deploy")) {
    return { kind: "refused", reason: "install" };
  }
  if (base === "restart") return { kind: "refused", reason: "restart" };

  let op: Operation;
  if (base === null && named && hasRevisionWord(msg)) op = "rollback";
  // "show everything": a look at all releases.
  else if (base === null && msg.widening) op = "list";
  else if (base === null) op = named ? "status" : hasNamespace ? "list" : "unknown";
  // "list kafka", "what's in the kafka chart": about one release after all.
  else if (base === "list" && found) op = lastCueWord(msg) === "in" ? "manifest" : "status";
  else if (base === "help" && named) op = "diagnose";
  else op = base;

  // "what's failing?", "is everything ok?", "how is staging doing?": about many releases,
  // also when a stray word ("what's broken rigth now?") looked like an unknown release.
  const strayWord =
    found?.kind === "not-found" &&
    found.suggestions.length === 0 &&
    filter !== null &&
    LIST_QUESTIONS.has(msg.tokens[0]?.word ?? "");
  const noRelease =
    !found ||
    found.kind === "none" ||
    strayWord ||
    (found.kind === "not-found" && ctx.bareNamespaces.length > 0);
  if (READS.has(op) && noRelease && (filter !== null || msg.widening || hasNamespace)) op = "list";
  return { kind: "operation", op };
}
