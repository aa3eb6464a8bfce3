// Release names that are also ordinary words ("search", "gateway", "vault", "payments") are
// often used as words: "the payments team says…", "our search index", "the gateway to
// webapp", "search for failed releases". Such uses are set aside as the target when the
// message names another release, and a verb ("search for …") is never a release.
import type { TokenRange } from "./find-excluded-ranges.ts";
import type { InventoryIndex } from "./inventory-index.ts";
import { WORD_CUES } from "./lexicon.ts";
import type { Token } from "./tokenize.ts";

const DETERMINERS = new Set(["the", "our", "a", "an", "this", "that", "their", "your", "my"]);
// After a name these keep it the subject or the thing meant: "the search pods are failing".
const KEEPS_NAME = new Set(
  `is are was were has have had keeps keep seems looks release chart pods pod deployment
deployments service services app instance instances containers ones statefulset`.split(/\s+/),
);
// "search for failed releases", "can you search the history of kafka".
const VERB_OBJECTS = new Set(["for", "the", "through", "across"]);
const VERB_LEADS = new Set(["", "can", "could", "please", "pls", "lets", "let", "you", "and"]);

const JOINS = new Set(["and", "or", "&", "+", "plus"]);

export interface IncidentalNames {
  // Names used as ordinary words: the target only when nothing else is named.
  incidental: TokenRange[];
  // Names used as verbs: never a release.
  verbs: number[];
}

export function findIncidentalNames(
  tokens: readonly Token[],
  index: InventoryIndex,
): IncidentalNames {
  const out: IncidentalNames = { incidental: [], verbs: [] };
  tokens.forEach((token, i) => {
    if (token.kind !== "word" || !/^[a-z]+$/.test(token.word) || !index.byName.has(token.word))
      return;
    const before = tokens[i - 1]?.word ?? "";
    const after = tokens[i + 1]?.word ?? "";
    const clauseEnd = token.endsClause || i === tokens.length - 1;
    // "uninstall the vault and kafka": a name in a list is meant, as much as the others.
    if (JOINS.has(after) || JOINS.has(tokens[i - 2]?.word ?? "")) return;
    const afterCue = WORD_CUES.has(before);
    if (!afterCue && VERB_LEADS.has(before) && VERB_OBJECTS.has(after) && !token.endsClause) {
      out.verbs.push(i);
    } else if (
      DETERMINERS.has(before) &&
      !clauseEnd &&
      !token.possessive &&
      !KEEPS_NAME.has(after) &&
      !WORD_CUES.has(after)
    ) {
      out.incidental.push({ start: i, end: i + 1 });
    }
  });
  return out;
}
