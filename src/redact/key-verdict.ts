// A key's verdict, remembered: keys repeat (every line of a manifest, every log line), and the
// free-text rules ask about each one they meet. Pure (a bounded cache).
import { judgeKeyPath, splitKeyPath } from "./sensitive-key.ts";

export type KeyVerdict = "secret" | "credentialish" | "plain";

const verdicts = new Map<string, KeyVerdict>();

export function keyVerdict(key: string): KeyVerdict {
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const { sensitive, credentialish } = judgeKeyPath(splitKeyPath(key.replace(/^-+/, "")));
  const verdict = sensitive ? "secret" : credentialish ? "credentialish" : "plain";
  if (verdicts.size > 10_000) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}
