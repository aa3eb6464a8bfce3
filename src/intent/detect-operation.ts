// Decides which operation a message asks for from its verbs, nouns and symptoms. The most
// decisive cue wins: an imperative ("roll back kafka") over a read ("kafka's history") over
// a symptom ("kafka is stuck"); an action word used as a noun ("after the upgrade") counts
// for little; the first verb of a `/helm` command is final, as helm itself would read it.

import { findSplitCue } from "./find-split-cue.ts";
import {
  ACTION_LEADS,
  type Cue,
  type CueOperation,
  DETERMINERS,
  NOUN_FOLLOWERS,
  NOUNABLE,
  PHRASE_CUES,
  W_READ,
  W_SYMPTOM,
  W_WHY,
  WORD_CUES,
} from "./lexicon.ts";
import type { Token } from "./tokenize.ts";

export interface OperationCue {
  op: CueOperation;
  weight: number;
  // Token range [start, end) of the cue.
  start: number;
  end: number;
  // An action word used as a noun ("the upgrade failed").
  noun: boolean;
}

export interface DetectedOperation {
  op: CueOperation | null;
  cue: OperationCue | null;
  cues: OperationCue[];
}

// Polite openings that do not change which word is the first verb.
const FILLER = new Set([
  "please",
  "pls",
  "plz",
  "can",
  "could",
  "would",
  "will",
  "you",
  "u",
  "go",
  "ahead",
  "and",
  "lets",
  "let",
  "us",
  "ok",
  "okay",
  "so",
  "now",
  "hey",
  "quick",
  "quickly",
  "kindly",
  "just",
  "then",
  "i",
  "we",
  "need",
  "to",
  "want",
  "wanna",
  "gotta",
  "should",
  "urgent",
  "asap",
  "hi",
  "yo",
  "team",
  "folks",
]);

// "helm get values x", "helm get manifest x": the sub-command decides.
const GET_SUBCOMMANDS: Readonly<Record<string, CueOperation>> = {
  values: "values",
  manifest: "manifest",
  all: "manifest",
  notes: "status",
  hooks: "manifest",
  metadata: "status",
};

function findCues(words: readonly string[]): OperationCue[] {
  const found: OperationCue[] = [];
  for (let i = 0; i < words.length; i++) {
    const split = findSplitCue(words, i);
    if (split) {
      found.push(split);
      i = split.end - 1;
      continue;
    }
    let matched: OperationCue | null = null;
    for (const phrase of PHRASE_CUES) {
      const len = phrase.words.length;
      if (len <= (matched ? matched.end - matched.start : 0)) continue;
      if (phrase.words.every((w, k) => words[i + k] === w)) {
        matched = { op: phrase.op, weight: phrase.weight, start: i, end: i + len, noun: false };
      }
    }
    if (matched) {
      found.push(matched);
      i = matched.end - 1;
      continue;
    }
    const cue = WORD_CUES.get(words[i] ?? "") ?? symptomCue(words, i);
    if (cue) found.push({ op: cue.op, weight: cue.weight, start: i, end: i + 1, noun: false });
  }
  return found;
}

// Status codes as verbs ("502ing", "throwing 5xx") and stopped or missing activity ("stopped
// syncing", "isn't reporting", "keeps dropping"): symptoms whatever the verb is.
const HTTP_ERROR = /^(?:[45]\d\d|[45]xx)(?:ing|ed|s)?$/;
const STOPPED = new Set(["stopped", "stops", "stop", "quit", "keeps", "kept", "not", "never"]);

function symptomCue(words: readonly string[], i: number): Cue | null {
  const word = words[i] ?? "";
  if (HTTP_ERROR.test(word)) return { op: "diagnose", weight: W_SYMPTOM };
  const gerund = word.length > 5 && word.endsWith("ing") && !WORD_CUES.has(word);
  if (gerund && STOPPED.has(words[i - 1] ?? "")) return { op: "diagnose", weight: W_WHY };
  return null;
}

const ACTIONS = new Set<CueOperation>([
  "upgrade",
  "rollback",
  "uninstall",
  "set-values",
  "install",
  "restart",
]);

const NEGATIONS = new Set(["not", "never", "forget", "skip", "without", "instead", "rather"]);

// A negation a few words back in the same clause ("never mind the", "rather than").
function negatedBefore(words: readonly string[], at: number, ends: readonly boolean[]): boolean {
  for (let i = at - 1; i >= 0 && i >= at - 3; i--) {
    if (ends[i]) return false;
    if (NEGATIONS.has(words[i] ?? "")) return true;
  }
  return false;
}

function isUsedAsNoun(
  words: readonly string[],
  cue: OperationCue,
  ends: readonly boolean[],
): boolean {
  const word = words[cue.start] ?? "";
  const before = words[cue.start - 1] ?? "";
  // "don't uninstall kafka", "rather than uninstalling it", "forget the rollback".
  if (negatedBefore(words, cue.start, ends) && cue.op !== "diagnose") return true;
  // "was kafka upgraded?", "has it been rolled back?": a question about what happened.
  if (/^(?:was|were|has|have|had)$/.test(words[0] ?? "") && ACTIONS.has(cue.op)) return true;
  if (cue.end - cue.start !== 1 || !NOUNABLE.has(word)) return false;
  const beforeThat = words[cue.start - 2] ?? "";
  const after = words[cue.end] ?? "";
  if (DETERMINERS.has(before) && !ACTION_LEADS.has(beforeThat)) return true;
  // "the helm upgrade of kafka failed"
  if (before === "helm" && DETERMINERS.has(beforeThat)) return true;
  if (NOUN_FOLLOWERS.has(after)) return true;
  // "did the upgrade work", "why did kafka upgrade": a question about the action.
  return words.slice(0, cue.start).some((w) => w === "did" || w === "does");
}

function firstMeaningfulIndex(words: readonly string[]): number {
  const i = words.findIndex((w) => !FILLER.has(w));
  return i === -1 ? words.length : i;
}

export function detectOperation(tokens: readonly Token[], cliStyle: boolean): DetectedOperation {
  const words = tokens.map((t) => t.word);
  const ends = tokens.map((t) => t.endsClause);
  const cues = findCues(words);
  for (const cue of cues) {
    if (isUsedAsNoun(words, cue, ends)) {
      cue.noun = true;
      cue.weight = 0.5;
    }
  }
  const first = firstMeaningfulIndex(words);
  if (words[first] === "get" && GET_SUBCOMMANDS[words[first + 1] ?? ""]) {
    const op = GET_SUBCOMMANDS[words[first + 1] ?? ""] ?? "values";
    const cue = { op, weight: W_READ + 2, start: first, end: first + 2, noun: false };
    return { op, cue, cues: [cue, ...cues] };
  }
  const leading = cues.find((c) => c.start === first && !c.noun);
  if (leading && cliStyle) return { op: leading.op, cue: leading, cues };
  // An imperative first verb outweighs symptoms and reads later in the sentence.
  if (leading && leading.weight >= 2 && leading.op !== "list") leading.weight += 1;
  let best: OperationCue | null = null;
  for (const cue of cues) {
    if (!best || cue.weight > best.weight) best = cue;
  }
  if (!best) return { op: null, cue: null, cues };
  // Only nouns ("did the kafka upgrade work?"): a question about state.
  const op = best.noun ? "status" : best.op;
  return { op, cue: best, cues };
}
