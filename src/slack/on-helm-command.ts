// /helm: acknowledged first thing; the request is echoed in the channel (its thread is where the
// answer goes), or, where the bot is not a member, the asker is told how to invite it. A read
// starts its helm call while the echo is posted (prefetch-read.ts).
import type { App } from "@slack/bolt";
import { redactRequestText } from "../redact/redact-request-text.ts";
import { code, md, mention } from "../render/markdown.ts";
import { message } from "../render/message.ts";
import type { ListenerDeps } from "./register-listeners.ts";
import { errorCode } from "./slack-out.ts";
import { commandSchema } from "./slack-payloads.ts";
import { retrySlackCall, SLACK_RETRY_DEFAULTS } from "./slack-retry.ts";

const NOT_A_MEMBER =
  "I can only answer in channels I am a member of: invite me with `/invite @wheelhouse`, or mention me.";

// The ts of the echo that starts the thread, or null when the bot cannot post in the channel.
async function echoRequest(d: ListenerDeps, channel: string, user: string, asked: string) {
  try {
    return await d.out.post(
      channel,
      message(`@${user} asked: ${asked}`, [
        { type: "context", lines: [md`${mention(user)} asked: ${code(asked)}`] },
      ]),
    );
  } catch (error) {
    const slackCode = errorCode(error);
    if (slackCode !== "not_in_channel" && slackCode !== "channel_not_found") throw error;
    return null;
  }
}

export function onHelmCommand(d: ListenerDeps) {
  return (async ({ command, ack, respond }) => {
    await ack();
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) return;
    const c = parsed.data;
    await d.track("command", async () => {
      const asked = redactRequestText(`${c.command} ${c.text}`.trim());
      // A read's helm call runs beside the echo rather than after it; shutdown waits for it.
      const { early, done } = d.requests.prefetch({ text: c.text, channel: c.channel_id });
      try {
        const ts = await echoRequest(d, c.channel_id, c.user_id, asked);
        if (ts === null) {
          // A response_url answer cannot be read back: retried like an ephemeral, at least once.
          await retrySlackCall("response_url", d.retry ?? SLACK_RETRY_DEFAULTS, () =>
            respond({ response_type: "ephemeral", text: NOT_A_MEMBER }),
          );
          return;
        }
        await d.requests.handle({
          text: c.text,
          user: c.user_id,
          channel: c.channel_id,
          thread: { channel: c.channel_id, threadTs: ts },
          source: "command",
          early,
        });
      } finally {
        await done;
      }
    });
  }) satisfies Parameters<App["command"]>[1];
}
