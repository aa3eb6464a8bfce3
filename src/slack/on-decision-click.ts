// Approve and Reject: acknowledged first thing, then decided (the decision handler checks who
// may decide and moves the plan's state atomically).
import type { App } from "@slack/bolt";
import type { ListenerDeps } from "./register-listeners.ts";
import { blockActionSchema } from "./slack-payloads.ts";

export function onDecisionClick(d: ListenerDeps, verdict: "approved" | "rejected") {
  return (async ({ ack, body }) => {
    await ack();
    const parsed = blockActionSchema.safeParse(body);
    if (!parsed.success) return;
    const b = parsed.data;
    const planId = b.actions[0]?.value ?? "";
    await d.track(verdict, () =>
      d.decisions.decide(
        {
          planId,
          user: b.user.id,
          channel: b.channel.id,
          messageTs: b.container.message_ts,
          threadTs: b.container.thread_ts ?? b.message?.thread_ts ?? null,
        },
        verdict,
      ),
    );
  }) satisfies Parameters<App["action"]>[1];
}
