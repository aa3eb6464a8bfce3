// Fixes mistyped verbs and nouns ("upgarde", "rolback", "staus", "histroy") so the rest of
// the analyser reads the word that was meant. Release names, namespaces and ordinary English
// words are left alone: "install" must never become "uninstall".
import { editDistance, typoBudget } from "./edit-distance.ts";
import { WORD_CUES } from "./lexicon.ts";
import type { Token } from "./tokenize.ts";
import {
  DOMAIN_WORDS,
  GRAMMAR,
  NAMESPACE_SYNONYMS,
  NOT_TYPOS,
  TYPO_TARGETS,
} from "./vocabulary.ts";

function sameStart(word: string, target: string): boolean {
  // People rarely mistype the first letter; a swap of the first two ("lsit") is allowed.
  return (
    word[0] === target[0] || (word[0] === target[1] && word[1] === target[0] && word.length > 3)
  );
}

// The curated targets plus every single-word cue long enough to be told apart.
const TARGETS: readonly string[] = [
  ...new Set([...TYPO_TARGETS, ...[...WORD_CUES.keys()].filter((w) => /^[a-z]{5,}$/.test(w))]),
];
const TARGET_SET = new Set(TARGETS);

// "restarted", "checks", "expires": an ending on a known word, not a typo.
function isInflection(word: string): boolean {
  // ("faild" is a typo: English adds "ed", not a bare "d", to "fail".)
  const stems = [word.replace(/(?:ed|es|s|ing)$/, ""), word.replace(/(?:ed|ing)$/, "e")];
  return stems.some((stem) => stem !== word && (TARGET_SET.has(stem) || WORD_CUES.has(stem)));
}

export function correctWord(word: string): string {
  const budget = typoBudget(word.length);
  if (budget === 0 || !/^[a-z]+$/.test(word) || isInflection(word)) return word;
  let best = word;
  let bestDistance = budget + 1;
  let tie = false;
  for (const target of TARGETS) {
    if (!sameStart(word, target)) continue;
    // Short targets get the short-word budget too: "lsit" (4) to "list" (4) is one edit.
    const allowed = Math.min(budget, typoBudget(target.length));
    const distance = editDistance(word, target, allowed);
    if (distance > allowed) continue;
    if (distance < bestDistance) {
      best = target;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance && target !== best) {
      // A dropped letter is the commonest typo: "changd" is "changed" rather than "change".
      if (target.length === word.length + 1 && best.length !== word.length + 1) {
        best = target;
        tie = false;
      } else if (best.length !== word.length + 1 || target.length === word.length + 1) {
        tie = true;
      }
    }
  }
  // Two equally close targets: guessing would be worse than not correcting.
  return tie ? word : best;
}

const NAMESPACE_WORDS = new Set(NAMESPACE_SYNONYMS.flat());

function isKnownWord(word: string): boolean {
  return (
    GRAMMAR.has(word) ||
    DOMAIN_WORDS.has(word) ||
    NOT_TYPOS.has(word) ||
    WORD_CUES.has(word) ||
    NAMESPACE_WORDS.has(word)
  );
}

// isName: true for words that name a release, chart or namespace in the inventory.
export function correctTypos(tokens: readonly Token[], isName: (word: string) => boolean): Token[] {
  return tokens.map((token) => {
    if (token.kind !== "word" || isKnownWord(token.word) || isName(token.word)) return token;
    const corrected = correctWord(token.word);
    return corrected === token.word ? token : { ...token, word: corrected };
  });
}
