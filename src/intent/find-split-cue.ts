// Cues whose words are split or negated, which a phrase table cannot hold: "roll kafka
// back", "turn grafana ingress off", "back to 43", "not loading", "deploy a new mongodb".
import type { OperationCue } from "./detect-operation.ts";
import { W_ACTION, W_WHY } from "./lexicon.ts";

// "roll kafka back", "put velero back": the particle comes after the release.
const BACK_VERBS = new Set(["roll", "put", "bring", "take", "move", "set", "go"]);

function splitPhrasalRollback(words: readonly string[], i: number): OperationCue | null {
  if (!BACK_VERBS.has(words[i] ?? "")) return null;
  for (let k = i + 2; k <= i + 4 && k < words.length; k++) {
    if (words[k] === "back")
      return { op: "rollback", weight: W_ACTION, start: i, end: i + 1, noun: false };
    // "roll kafka forward to 31.1.0"
    if (words[k] === "forward" && words[i] === "roll") {
      return { op: "upgrade", weight: W_ACTION, start: i, end: i + 1, noun: false };
    }
  }
  return null;
}

// "not loading", "isn't syncing", "not ready": something that should happen does not.
const EXPECTED_STATES = new Set([
  "up",
  "ready",
  "healthy",
  "available",
  "reachable",
  "accessible",
  "ok",
  "okay",
  "good",
  "happy",
  "green",
  "stable",
  "live",
  "synced",
  "deployed",
  "scheduled",
  "started",
]);

function notDoing(words: readonly string[], i: number): OperationCue | null {
  if (words[i] !== "not") return null;
  const next = words[i + 1] ?? "";
  if (!EXPECTED_STATES.has(next) && !(next.length > 4 && next.endsWith("ing"))) return null;
  return { op: "diagnose", weight: W_WHY + 0.1, start: i, end: i + 2, noun: false };
}

// "back to 43", "back to the previous revision": a rollback without the verb.
const BACK_TARGETS = /^(?:\d+|#\d+|rev\d*|revision|previous|prior|last|the|v\d+)$/;

function backTo(words: readonly string[], i: number): OperationCue | null {
  if (words[i] !== "back" || words[i + 1] !== "to" || !BACK_TARGETS.test(words[i + 2] ?? ""))
    return null;
  if (words[i + 2] === "the" && !/^(?:previous|prior|last|old)/.test(words[i + 3] ?? ""))
    return null;
  return { op: "rollback", weight: W_WHY, start: i, end: i + 2, noun: false };
}

// "turn grafana ingress off": the particle comes after what is switched.
function turnOnOff(words: readonly string[], i: number): OperationCue | null {
  if (words[i] !== "turn" && words[i] !== "switch") return null;
  for (let k = i + 2; k <= i + 5 && k < words.length; k++) {
    if (words[k] === "on" || words[k] === "off") {
      return { op: "set-values", weight: W_ACTION, start: i, end: i + 1, noun: false };
    }
  }
  return null;
}

// "deploy a new mongodb", "create a new redis": installing, which Wheelhouse refuses.
const CREATE_VERBS = new Set(["deploy", "create", "add", "spin", "launch", "stand"]);

// "get vault up to date": an upgrade; "is vault up to date?": a question about its state.
function upToDate(words: readonly string[], i: number): OperationCue | null {
  if (words[i] !== "up" || words[i + 1] !== "to" || words[i + 2] !== "date") return null;
  const question = words[0] === "is" || words[0] === "are";
  return { op: question ? "status" : "upgrade", weight: W_WHY, start: i, end: i + 3, noun: false };
}

// "what can this bot do", "what can you do for me": a request for help.
function whatCanDo(words: readonly string[], i: number): OperationCue | null {
  if (words[i] !== "what" || words[i + 1] !== "can") return null;
  const end = words.indexOf("do", i + 2);
  if (end === -1 || end > i + 5) return null;
  return { op: "help", weight: W_WHY, start: i, end: end + 1, noun: false };
}

// The split cue starting at word i, if any.
export function findSplitCue(words: readonly string[], i: number): OperationCue | null {
  const created: OperationCue | null =
    CREATE_VERBS.has(words[i] ?? "") && words.slice(i + 1, i + 4).includes("new")
      ? { op: "install", weight: W_ACTION, start: i, end: i + 1, noun: false }
      : null;
  return (
    splitPhrasalRollback(words, i) ??
    backTo(words, i) ??
    turnOnOff(words, i) ??
    notDoing(words, i) ??
    upToDate(words, i) ??
    whatCanDo(words, i) ??
    created
  );
}
