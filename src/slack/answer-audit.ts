// "audit [release] [-n namespace]": the trail this channel may see, for one release or all.
import type { ReleaseRef } from "../model/release.ts";
import { filterReadable } from "../policy/filter-readable.ts";
import { maySeeAuditEntry } from "../policy/may-see-audit-entry.ts";
import { isNamespaceReadable } from "../policy/resolve-channel-rule.ts";
import { md } from "../render/markdown.ts";
import { message } from "../render/message.ts";
import { renderAudit } from "../render/render-audit.ts";
import type { RequestHandlerDeps, SlackRequest } from "./handle-request.ts";

// The release the words name, or the sentence that says why none could be chosen.
async function auditRef(
  d: RequestHandlerDeps,
  req: SlackRequest,
  release: string,
  namespace: string | null,
): Promise<ReleaseRef | string> {
  const readable = filterReadable(d.policy, req.channel, await d.inventory.get());
  const matches = readable.filter(
    (r) => r.name === release && (namespace === null || r.namespace === namespace),
  );
  const only = matches.length === 1 ? matches[0] : undefined;
  if (only) return { name: only.name, namespace: only.namespace };
  if (namespace) return { name: release, namespace };
  const where = matches.map((m) => m.namespace).join(", ");
  return matches.length === 0
    ? `There is no release ${release}: add -n NAMESPACE if it was uninstalled.`
    : `${release} is in several namespaces (${where}): add -n NAMESPACE.`;
}

export async function answerAudit(
  d: RequestHandlerDeps,
  req: SlackRequest,
  release: string | null,
  namespace: string | null,
): Promise<void> {
  const say = (text: string) =>
    d.out.reply(req.thread, message(text, [{ type: "section", text: md`${text}` }]));
  if (namespace !== null && !isNamespaceReadable(d.policy, req.channel, namespace)) {
    await say(`This channel may not read namespace ${namespace}, nor its audit trail.`);
    return;
  }
  const ref = release === null ? null : await auditRef(d, req, release, namespace);
  if (typeof ref === "string") {
    await say(ref);
    return;
  }
  const entries = await d.audit.recent({
    ...(ref ? { release: ref } : {}),
    limit: 25,
    where: (entry) => maySeeAuditEntry(d.policy, req.channel, entry),
  });
  await d.out.reply(req.thread, renderAudit(entries, ref));
}
