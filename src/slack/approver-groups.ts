// Which of the policy's user groups an approver is in, asked of Slack (usergroups.users.list)
// only when the channel's rule names groups, and cached briefly. A failed lookup counts as
// "not a member": approval fails closed.
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;

import type { Log } from "../observe/log.ts";
import { errorCode } from "./slack-out.ts";

export type ApproverGroups = (user: string, groups: readonly string[]) => Promise<string[]>;

export function createApproverGroups(
  client: WebClient,
  log: Log,
  ttlMs = 60_000,
  now: () => number = Date.now,
): ApproverGroups {
  const cache = new Map<string, { at: number; members: Promise<Set<string>> }>();
  const members = (group: string): Promise<Set<string>> => {
    const hit = cache.get(group);
    if (hit && now() - hit.at < ttlMs) return hit.members;
    const loaded = client.usergroups.users.list({ usergroup: group }).then(
      (result) => new Set(result.users ?? []),
      (error: unknown) => {
        cache.delete(group);
        log("warn", "user group lookup failed; treating the approver as not a member", {
          group,
          code: errorCode(error),
        });
        return new Set<string>();
      },
    );
    cache.set(group, { at: now(), members: loaded });
    return loaded;
  };
  return async (user, groups) => {
    const found = await Promise.all(
      groups.map(async (g) => ((await members(g)).has(user) ? g : null)),
    );
    return found.filter((g): g is string => g !== null);
  };
}
