// What a channel may be shown of things that live in a namespace (inventory releases, the
// candidates of a question back): only those in namespaces the channel may read, so a channel
// never learns the names of releases or namespaces beyond its reach. Pure.
import type { Policy } from "./policy-schema.ts";
import { isNamespaceReadable } from "./resolve-channel-rule.ts";

export function filterReadable<T extends { namespace: string }>(
  policy: Policy,
  channel: string,
  items: readonly T[],
): T[] {
  return items.filter((item) => isNamespaceReadable(policy, channel, item.namespace));
}
