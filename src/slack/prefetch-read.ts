// A /helm read's helm call started while the echo that opens its thread is being posted, so the
// answer need not wait for both one after the other. It follows the answer's own steps (the
// words, the readable inventory, the analysis, the route with the channel's policy) and runs
// only the read the answer will ask for: none when the analysis would need a model, and none for
// anything but a read of one release the channel may read. Nothing of it is shown or logged:
// the answer claims it (read-coalescer.ts), failure included.
import type { Intent } from "../model/intent.ts";
import type { Inventory } from "../model/release.ts";
import { filterReadable } from "../policy/filter-readable.ts";
import type { Policy } from "../policy/policy-schema.ts";
import { fetchRead } from "./answer-read.ts";
import type { InventoryCache } from "./inventory-cache.ts";
import type { EarlyReads } from "./read-coalescer.ts";
import { readRequestText } from "./read-request-text.ts";
import { routeIntent } from "./route-intent.ts";

export interface PrefetchDeps {
  policy: Policy;
  inventory: InventoryCache;
  intentWithoutModel?: (text: string, inventory: Inventory) => Intent | null;
}

export async function prefetchRead(
  d: PrefetchDeps,
  req: { text: string; channel: string },
  early: EarlyReads,
): Promise<void> {
  const words = readRequestText(req.text);
  if (words.kind !== "text" || d.intentWithoutModel === undefined) return;
  // The answer analyses against the same readable inventory (analyse-request-text.ts).
  const releases = filterReadable(d.policy, req.channel, await d.inventory.get());
  const intent = d.intentWithoutModel(words.text, releases);
  if (intent === null || intent.release === null) return;
  const route = routeIntent(d.policy, req.channel, req.text, intent);
  if (route.kind !== "read" || route.operation === "list") return;
  await fetchRead(early.helm, route.operation, intent.release, route.all);
}
