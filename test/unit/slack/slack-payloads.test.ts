// The schemas where Slack's payloads enter, against real payload shapes (src/playground/payloads).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  blockActionSchema,
  commandSchema,
  eventEnvelopeSchema,
  imMessageSchema,
  mentionEventSchema,
} from "../../../src/slack/slack-payloads.ts";

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, "../../../src/playground/payloads", name), "utf8"),
  );
const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null && key in value
    ? Object.fromEntries(Object.entries(value))[key]
    : undefined;

describe("Slack payload schemas", () => {
  it("read an app_mention event_callback", () => {
    const body = fixture("app-mention.json");
    expect(eventEnvelopeSchema.parse(body).event_id).toBe("Ev0WHEEL0001");
    expect(mentionEventSchema.parse(field(body, "event"))).toMatchObject({
      user: "U0ALICE",
      channel: "C0SHOPTEAM",
      text: "<@U0WHEELBOT> status web -n shop",
    });
  });

  it("read a person's direct message, and ignore bots, edits and channel messages", () => {
    const event = field(fixture("message-im.json"), "event");
    expect(imMessageSchema.parse(event)).toMatchObject({
      channel: "D0ALICEDM",
      channel_type: "im",
    });
    const base = typeof event === "object" && event !== null ? event : {};
    expect(imMessageSchema.safeParse({ ...base, bot_id: "B0WHEELBOT" }).success).toBe(false);
    expect(imMessageSchema.safeParse({ ...base, subtype: "message_changed" }).success).toBe(false);
    expect(imMessageSchema.safeParse({ ...base, channel_type: "channel" }).success).toBe(false);
  });

  it("read a slash command and a block_actions click", () => {
    expect(commandSchema.parse(fixture("slash-command.json"))).toMatchObject({
      command: "/helm",
      text: "status web -n shop",
      user_id: "U0ALICE",
    });
    const click = blockActionSchema.parse(fixture("block-actions.json"));
    expect(click.actions[0]).toEqual({ action_id: "wheelhouse_approve", value: "pKq3xY7wZt2a" });
    expect(click.container.thread_ts).toBe("1777636800.000100");
  });
});
