// A multi-line Slack message is mostly status updates, bullets and asides; the request is
// the line that carries a decisive verb and a release, preferring one addressed to someone.
// When two lines ask for changes, or any line holds shell syntax, the whole message is read
// so that nothing is narrowed to one of them silently.
import { findRelease } from "./find-release.ts";
import type { InventoryIndex } from "./inventory-index.ts";
import type { CueOperation } from "./lexicon.ts";
import { prepareMessage } from "./prepare-message.ts";
import { readMessage } from "./read-message.ts";
import { splitRequestLines } from "./split-request-lines.ts";

const DECISIVE = 2;
const CHANGES: ReadonlySet<CueOperation> = new Set([
  "upgrade",
  "rollback",
  "uninstall",
  "set-values",
]);

interface Scored {
  text: string;
  score: number;
  mutating: boolean;
  named: boolean;
}

function scoreLine(text: string, addressed: boolean, index: InventoryIndex): Scored | null {
  if (prepareMessage(text).shellSyntax) return null;
  const msg = readMessage(text, index);
  const cue = msg.detected.cue;
  const weight = cue && !cue.noun ? cue.weight : 0;
  const found = findRelease(msg, index).kind;
  const named = found === "found" || found === "ambiguous" || found === "many";
  const op = msg.detected.op;
  const mutating = named && weight >= DECISIVE && op !== null && CHANGES.has(op);
  return { text, score: weight + (named ? 0.5 : 0) + (addressed ? 1 : 0), mutating, named };
}

// The text to analyse: one line of the message, or the whole of it.
export function chooseRequestLine(raw: string, index: InventoryIndex): string {
  if (!raw.includes("\n")) return raw;
  const lines = splitRequestLines(raw);
  if (lines.length <= 1) return lines[0]?.text ?? raw;
  const scored: Scored[] = [];
  for (const line of lines) {
    const s = scoreLine(line.text, line.addressed, index);
    if (!s) return raw;
    scored.push(s);
  }
  if (scored.filter((s) => s.mutating).length > 1) return raw;
  let best: Scored | undefined;
  // Ties go to the later line: the ask usually comes after the context.
  for (const s of scored) if (!best || s.score >= best.score) best = s;
  if (!best || best.score < DECISIVE || !best.named) return raw;
  return best.text;
}
