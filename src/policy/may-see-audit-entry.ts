// Which audit entries a channel may read with `/helm audit`: one about a release where the
// channel may read that release's namespace; one about no release (a request's words, a
// refusal) only in the channel it came from, since its text may name anything. Pure.
import type { Policy } from "./policy-schema.ts";
import { isNamespaceReadable, resolveChannelRule } from "./resolve-channel-rule.ts";

export interface AuditEntryScope {
  channel: string | null;
  release: { namespace: string } | null;
}

export function maySeeAuditEntry(policy: Policy, channel: string, entry: AuditEntryScope): boolean {
  if (resolveChannelRule(policy, channel) === null) return false;
  if (entry.release === null) return entry.channel === channel;
  return isNamespaceReadable(policy, channel, entry.release.namespace);
}
