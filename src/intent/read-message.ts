// First half of the rules analyser: everything that can be read from the words alone
// (operation, flags, values, versions, revision, namespace hints, safety signals), before
// the message is matched against particular releases.

import { correctTypos } from "./correct-typos.ts";
import { type DetectedOperation, detectOperation } from "./detect-operation.ts";
import { detectWidening } from "./detect-widening.ts";
import { typoBudget } from "./edit-distance.ts";
import { type ExtractedValues, extractValues } from "./extract-values.ts";
import { findExcludedRanges, type TokenRange } from "./find-excluded-ranges.ts";
import { findIncidentalNames } from "./find-incidental-names.ts";
import { findNamespaceHints, type NamespaceHint } from "./find-namespace-hints.ts";
import type { InventoryIndex } from "./inventory-index.ts";
import { nearestKeys } from "./match-release-spans.ts";
import type { CliArgs } from "./parse-cli-args.ts";
import { parseCliArgs } from "./parse-cli-args.ts";
import { prepareMessage } from "./prepare-message.ts";
import { resolveNamespace } from "./resolve-namespace.ts";
import { type Token, tokenize } from "./tokenize.ts";

export interface ReadMessage {
  tokens: Token[];
  cli: CliArgs;
  detected: DetectedOperation;
  values: ExtractedValues;
  hints: NamespaceHint[];
  widening: boolean;
  shellSyntax: boolean;
  // Tokens that belong to the operation, values or namespace: never part of a release name.
  used: Set<number>;
  // Parts that name what is not the target ("leave kafka alone", "grafana is fine").
  excluded: TokenRange[];
}

const CHANGES = new Set(["upgrade", "rollback", "uninstall", "set-values", "install", "restart"]);

export function isInventoryWord(index: InventoryIndex, word: string): boolean {
  return (
    index.byName.has(word) ||
    index.byChart.has(word) ||
    index.byCompactName.has(word) ||
    index.byNamespace.has(word)
  );
}

export function readMessage(text: string, index: InventoryIndex): ReadMessage {
  const prepared = prepareMessage(text);
  const cli = parseCliArgs(tokenize(prepared.text));
  // A word as close to a release or namespace as to a verb ("stagging") is left alone.
  const nearName = (w: string): boolean =>
    isInventoryWord(index, w) ||
    index.bySegment.has(w) ||
    resolveNamespace(w, index).length > 0 ||
    nearestKeys(index, w, typoBudget(w.length)).length > 0;
  const tokens = correctTypos(cli.rest, nearName);
  const detected = detectOperation(tokens, prepared.cliStyle);
  const used = new Set<number>();
  const cue = detected.cue;
  if (cue && cue.op !== "unknown") {
    // "what is in <namespace>": the preposition still introduces the namespace.
    for (let i = cue.start; i < cue.end; i++)
      if (!/^(?:in|on|at)$/.test(tokens[i]?.word ?? "")) used.add(i);
  }
  // Release words are never value keys, also when spaced ("shop frontend").
  const isName = (i: number): boolean => {
    const word = tokens[i]?.word ?? "";
    const before = tokens[i - 1]?.word;
    const after = tokens[i + 1]?.word;
    return (
      isInventoryWord(index, word) ||
      resolveNamespace(word, index, false).length > 0 ||
      (after !== undefined && isInventoryWord(index, `${word}-${after}`)) ||
      (before !== undefined && isInventoryWord(index, `${before}-${word}`))
    );
  };
  const incidental = findIncidentalNames(tokens, index);
  for (const i of incidental.verbs) used.add(i);
  const values = extractValues({ tokens, cliSets: cli.sets, isName });
  for (const i of values.consumed) used.add(i);
  // Cue words such as "turn on" or "look at" must not be read as "on <namespace>"; list
  // phrases ("what is in") end with the preposition that introduces the namespace.
  const cueWords = new Set<number>();
  for (const c of detected.cues) {
    if (c.end - c.start > 1 && c.op !== "list")
      for (let i = c.start; i < c.end; i++) cueWords.add(i);
  }
  const hints = findNamespaceHints(tokens, index, cli.namespace, new Set([...used, ...cueWords]));
  for (const hint of hints) {
    if (hint.explicit) for (const i of hint.tokenIndices) used.add(i);
  }
  return {
    tokens,
    cli,
    detected,
    values,
    hints,
    widening: detectWidening(tokens, cli.allNamespaces, (w) => isInventoryWord(index, w)),
    shellSyntax: prepared.shellSyntax,
    used,
    excluded: [
      ...findExcludedRanges(tokens, (r) =>
        detected.cues.some(
          (c) => !c.noun && CHANGES.has(c.op) && c.start >= r.start && c.start < r.end,
        ),
      ),
      // For a change, a name used as a word still counts: asking beats narrowing silently.
      ...(detected.op !== null && CHANGES.has(detected.op) ? [] : incidental.incidental),
    ],
  };
}
