// What a channel may be shown of things that live in a namespace (inventory releases, the
// candidates of a question back): only those in namespaces the channel may read, so a channel
// never learns the names of releases or namespaces beyond its reach. Pure.
import type { Policy } from "./policy-schema.ts";
import { isNamespaceReadable } from "./resolve-channel-rule.ts";

// The same inventory, policy and channel give the same array back: the intent analyser keeps
// its index over an inventory per array, and a new array per message meant rebuilding it for
// every message (5 ms a message at 500 releases instead of 0.05: bench inventory_scale). The
// array is shared by every message of the channel, so it is frozen: changing it would throw.
const memo = new WeakMap<readonly object[], WeakMap<Policy, Map<string, readonly object[]>>>();

export function filterReadable<T extends { namespace: string }>(
  policy: Policy,
  channel: string,
  items: readonly T[],
): T[] {
  const byPolicy = memo.get(items) ?? new WeakMap<Policy, Map<string, readonly object[]>>();
  memo.set(items, byPolicy);
  const byChannel = byPolicy.get(policy) ?? new Map<string, readonly object[]>();
  byPolicy.set(policy, byChannel);
  const known = byChannel.get(channel) as T[] | undefined;
  if (known !== undefined) return known;
  const readable = Object.freeze(
    items.filter((item) => isNamespaceReadable(policy, channel, item.namespace)),
  );
  byChannel.set(channel, readable);
  return readable as T[];
}
