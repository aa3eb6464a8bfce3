// "thanks", "lgtm", "rollback worked, closing the incident", "kafka is healthy again, thanks":
// a reply that closes a conversation asks for nothing, so it must never start a read or a plan.
// Any request in it ("thanks, now roll back redis", "thanks, kafka is still crashing") wins.
import type { OperationCue } from "./detect-operation.ts";
import type { Token } from "./tokenize.ts";

const THANKS = new Set(
  `thanks thank thx ty tysm cheers lgtm resolved closing closed worked fixed perfect great nice
cool awesome ack acked noted np kudos sweet excellent helped solved sorted`.split(/\s+/),
);
const THANKS_PHRASES = [
  "went through",
  "looks good",
  "all good",
  "is back",
  "are back",
  "did the trick",
];
// On their own: "ok", "k", "kk".
const ALONE = new Set(["ok", "okay", "k", "kk", "yep", "yes", "done"]);
// A cue that states how something is ("is healthy again") does not ask for anything.
const STATE_CUE_WORDS = new Set(["healthy", "alive", "doing", "health", "up", "running"]);

export function isAcknowledgement(
  tokens: readonly Token[],
  cues: readonly OperationCue[],
  text: string,
): boolean {
  if (text.includes("?") || tokens.length === 0) return false;
  const words = tokens.map((t) => t.word);
  const joined = ` ${words.join(" ")} `;
  const thanked =
    words.some((w) => THANKS.has(w)) ||
    THANKS_PHRASES.some((p) => joined.includes(` ${p} `)) ||
    (words.length === 1 && ALONE.has(words[0] ?? ""));
  if (!thanked) return false;
  return cues.every((c) => c.noun || STATE_CUE_WORDS.has(words[c.start] ?? ""));
}
