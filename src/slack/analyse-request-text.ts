// Free text to an Intent. The analyser (and a model) only ever sees releases this channel may
// read; when it finds none the words name, the inventory is fetched fresh and it is asked once
// more, since the cached list can predate a release installed seconds ago.
import type { Intent } from "../model/intent.ts";
import { filterReadable } from "../policy/filter-readable.ts";
import type { RequestHandlerDeps, SlackRequest } from "./handle-request.ts";

// A request about one release that the analyser could not find in the inventory.
function namesNoKnownRelease(intent: Intent): boolean {
  return (
    intent.release === null &&
    intent.clarification !== null &&
    intent.candidates.length === 0 &&
    !["list", "help", "unknown"].includes(intent.operation)
  );
}

export async function analyseRequestText(
  d: RequestHandlerDeps,
  req: SlackRequest,
  text: string,
): Promise<Intent> {
  const releases = filterReadable(d.policy, req.channel, await d.inventory.get());
  const intent = await d.analyze(text, releases);
  if (!namesNoKnownRelease(intent)) return intent;
  const fresh = filterReadable(d.policy, req.channel, await d.inventory.fresh());
  const same =
    fresh.length === releases.length && fresh.every((r, i) => r.name === releases[i]?.name);
  return same ? intent : d.analyze(text, fresh);
}
