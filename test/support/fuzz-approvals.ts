// What an Approve click did, as the outside sees it: Slack (a private note, or the plan message
// updated), the plan's state in the store, the execution queue, and the audit stream.
import type { Queue } from "bullmq";
import { z } from "zod";
import type { Harness } from "../e2e/e2e-support.ts";
import type { FakeMessage } from "./fake-slack-api.ts";

export interface PostedPlan {
  id: string;
  message: FakeMessage;
}

const planMetaSchema = z.object({
  event_type: z.literal("wheelhouse_plan"),
  event_payload: z.object({ plan_id: z.string() }),
});

// The plan a bot message carries in its metadata, if it is one.
export function planIn(message: FakeMessage): PostedPlan | null {
  const meta = planMetaSchema.safeParse(message.metadata);
  return meta.success ? { id: meta.data.event_payload.plan_id, message } : null;
}

// "approved": the plan moved to approved and was queued. "unauthorised": a private note and an
// audit entry, nothing moved. "too late": a private note, the earlier decision stands.
// Anything else says what went wrong.
export async function observeApproval(
  h: Harness,
  queue: Queue,
  plan: PostedPlan,
  user: string,
  channel: string,
): Promise<string> {
  const told = () =>
    h.slack.ephemerals.filter((e) => e.user === user && e.channel === channel).length;
  const refusals = async () =>
    (
      await h.bot.audit.recent({
        limit: 500,
        where: (e) =>
          e.type === "unauthorised_approval" && e.planId === plan.id && e.actor === user,
      })
    ).length;
  const before = {
    told: told(),
    refusals: await refusals(),
    state: (await h.bot.store.get(plan.id))?.state,
  };
  const response = await h.approve(plan.id, user, { ...plan.message, channel });
  await h.bot.app?.idle();
  const state = (await h.bot.store.get(plan.id))?.state;
  const queued = (await queue.getJob(plan.id)) !== undefined;
  if (response.status !== 200) return `HTTP ${response.status}`;
  if (before.state === "awaiting_approval" && state === "approved")
    return queued ? "approved" : "approved, not queued";
  if (state !== before.state) return `moved to ${state}`;
  // Queued exactly when approved, whatever the clicks after.
  if (queued !== (state === "approved")) return `queued ${queued} in state ${state}`;
  if (told() === before.told) return "no answer";
  return (await refusals()) > before.refusals ? "unauthorised" : "too late";
}
