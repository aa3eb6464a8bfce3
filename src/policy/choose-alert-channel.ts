// Which channel hears about a namespace's alerts: the first `alertRoutes` entry that matches,
// provided that channel may read the namespace at all (a route never widens what a channel
// sees). Pure.
import { matchesNamespaceList } from "./match-namespace.ts";
import type { Policy } from "./policy-schema.ts";
import { isNamespaceReadable } from "./resolve-channel-rule.ts";

export type AlertChannelChoice =
  | { channel: string }
  | { channel: null; reason: "no-route" | "not-readable"; routeChannel?: string };

// namespace null: the alert names none; only a route for every namespace ("*") takes it.
export function chooseAlertChannel(policy: Policy, namespace: string | null): AlertChannelChoice {
  const routes = policy.alertRoutes ?? [];
  const route = routes.find((r) =>
    namespace === null ? r.namespaces.includes("*") : matchesNamespaceList(r.namespaces, namespace),
  );
  if (route === undefined) return { channel: null, reason: "no-route" };
  if (namespace !== null && !isNamespaceReadable(policy, route.channel, namespace)) {
    return { channel: null, reason: "not-readable", routeChannel: route.channel };
  }
  return { channel: route.channel };
}
