// After a post failed in a way that may have come after Slack acted (a 5xx, a timeout): is the
// post there after all? Reads the thread (or the channel) since just before the first try.
// Reading takes channels:history / groups:history (im:history in DMs); without them, or on any
// failure of the read, the answer is "not found" and the post is tried again: at least once.
import type { webApi } from "@slack/bolt";
import { z } from "zod";
import type { Log } from "../observe/log.ts";
import { errorCode } from "./slack-error-code.ts";

const messagesSchema = z.object({
  messages: z
    .array(
      z.object({
        ts: z.string(),
        blocks: z.array(z.object({ block_id: z.string().optional() })).optional(),
        files: z.array(z.object({ id: z.string() })).optional(),
      }),
    )
    .optional(),
});

export type PostedMessage = NonNullable<z.infer<typeof messagesSchema>["messages"]>[number];

export interface PostPlace {
  channel: string;
  // The thread the post went to; null for a new top-level message.
  threadTs: string | null;
  // When the first try started (ms since the epoch).
  since: number;
}

// Slack's clock and ours may differ a little: look back a minute more.
const CLOCK_SLACK_MS = 60_000;

export async function findOwnPost(
  client: webApi.WebClient,
  log: Log,
  place: PostPlace,
  isIt: (message: PostedMessage) => boolean,
): Promise<string | null> {
  const oldest = ((place.since - CLOCK_SLACK_MS) / 1000).toFixed(6);
  try {
    const answer =
      place.threadTs === null
        ? await client.conversations.history({ channel: place.channel, oldest, limit: 100 })
        : await client.conversations.replies({
            channel: place.channel,
            ts: place.threadTs,
            oldest,
            limit: 100,
          });
    const found = messagesSchema.parse(answer).messages?.find(isIt);
    return found?.ts ?? null;
  } catch (error) {
    log("warn", "could not check whether a failed Slack post landed", {
      channel: place.channel,
      code: errorCode(error),
    });
    return null;
  }
}

// The id SlackOut gives a post's first block: what findOwnPost looks for.
export const postMarkerOf = (message: PostedMessage): string | undefined =>
  message.blocks?.[0]?.block_id;
