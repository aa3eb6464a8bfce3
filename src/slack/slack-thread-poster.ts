// Alert and watcher threads on Slack: their messages through SlackOut (redacted on the way out),
// and a reply that carries a proposed plan followed by that plan's own message, rendered and
// tracked like every plan, so Approve/Reject go through the one approval path.
import type { ThreadMessage, ThreadPoster, ThreadRef } from "../alerts/thread-poster.ts";
import type { Log } from "../observe/log.ts";
import { renderPlan } from "../render/render-plan.ts";
import type { PlanStore } from "../store/plan-store.ts";
import { planMeta } from "./plan-in-thread.ts";
import type { SlackOut } from "./slack-out.ts";
import { threadMessageToMessage } from "./thread-message-to-message.ts";

export interface SlackThreadPosterDeps {
  out: SlackOut;
  store: Pick<PlanStore, "get" | "setMessageTs">;
  log: Log;
}

export function createSlackThreadPoster(d: SlackThreadPosterDeps): ThreadPoster {
  async function postPlan(thread: ThreadRef, planId: string): Promise<void> {
    const record = await d.store.get(planId);
    if (record === null) {
      d.log("warn", "the proposed plan is gone before it was shown", { planId });
      return;
    }
    const ts = await d.out.reply(thread, renderPlan(record), planMeta(record));
    await d.store.setMessageTs(record.id, ts);
  }

  return {
    post: (channel, message: ThreadMessage) =>
      d.out.post(channel, threadMessageToMessage(message, { top: true })),
    async reply(thread, message) {
      const ts = await d.out.reply(thread, threadMessageToMessage(message, { top: false }));
      if (message.plan !== undefined) await postPlan(thread, message.plan.id);
      return ts;
    },
    update: (channel, ts, message) =>
      d.out.update(channel, ts, threadMessageToMessage(message, { top: true })),
  };
}
