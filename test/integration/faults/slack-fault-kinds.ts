// For slack-errors.test.ts: the faults Slack answers with, and every kind of message the bot
// posts on its own, each one set up, sent through SlackOut, and counted in what the fake shows.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { z } from "zod";
import { md } from "../../../src/render/markdown.ts";
import { type Attachment, type Message, message } from "../../../src/render/message.ts";
import type { SlackOut } from "../../../src/slack/slack-out.ts";
import type { FakeSlack, SlackFault } from "../../support/fake-slack-api.ts";

export const ALICE = "U0ALICE";
export const RATE_LIMITED: SlackFault = { status: 429, retryAfter: 1 };

export interface Scenario {
  name: string;
  faults: SlackFault[];
  // The Retry-After the bot must have waited in all before the message arrived.
  waitsMs: number;
}

export const SCENARIOS: Scenario[] = [
  { name: "429 with Retry-After: 1, once", faults: [RATE_LIMITED], waitsMs: 1000 },
  { name: "429 with Retry-After: 1, twice", faults: [RATE_LIMITED, RATE_LIMITED], waitsMs: 2000 },
  { name: "500 once", faults: [{ status: 500 }], waitsMs: 0 },
  { name: "503 once", faults: [{ status: 503 }], waitsMs: 0 },
  { name: "502 once", faults: [{ status: 502 }], waitsMs: 0 },
  {
    name: "500 once, after Slack had already acted on it",
    faults: [{ status: 500, afterEffect: true }],
    waitsMs: 0,
  },
];

let counter = 0;
export const unique = (label: string) => `${label} ${++counter}-${randomBytes(3).toString("hex")}`;
export const freshChannel = () => `C0F${randomBytes(4).toString("hex").toUpperCase()}`;
export const note = (text: string, attachments: Attachment[] = []): Message =>
  message(text, [{ type: "context", lines: [md`${text}`] }], attachments);

const historySchema = z.object({
  messages: z.array(z.object({ text: z.string(), ts: z.string() })),
});

// The channel's top-level messages, as Slack's own history answers them.
export async function history(
  slack: FakeSlack,
  channel: string,
): Promise<Array<{ text: string; ts: string }>> {
  const response = await fetch(`${slack.apiUrl}conversations.history`, {
    method: "POST",
    headers: { authorization: `Bearer ${slack.token}`, "content-type": "application/json" },
    body: JSON.stringify({ channel }),
  });
  const body = historySchema.parse(await response.json());
  return body.messages;
}

interface Sending {
  // The message itself: the faults hit this, not the setup before it.
  send(): Promise<void>;
  // How many copies of it Slack shows afterwards.
  copies(): number | Promise<number>;
}

export interface Kind {
  name: string;
  // The call the faults are injected into.
  method: string;
  // Sets up what the message needs (a thread to reply in, a message to update).
  prepare(): Promise<Sending>;
  // What an ambiguous failure leaves, where it is not "exactly once" (the choice in slack-out.ts).
  copiesAfterAmbiguous?: number;
}

export async function newThread(out: SlackOut): Promise<{ channel: string; threadTs: string }> {
  const channel = freshChannel();
  return { channel, threadTs: await out.post(channel, note("the request")) };
}

function withFile(at: Where, method: string): Kind {
  const { slack, out } = at;
  return {
    name: `a file shared in the thread (${method})`,
    method,
    async prepare() {
      const thread = await newThread(out());
      const file = { filename: `${unique("values")}.txt`, title: "values", content: "a: 1\n" };
      return {
        send: async () => void (await out().reply(thread, note("the values", [file]))),
        copies() {
          const shared = slack()
            .thread(thread.channel, thread.threadTs)
            .flatMap((m) => m.files)
            .filter((f) => f.filename === file.filename);
          expect(shared.every((f) => f.content === file.content)).toBe(true);
          return shared.length;
        },
      };
    },
  };
}

// The fake and SlackOut exist once the tests start: read when a message is set up.
export interface Where {
  slack: () => FakeSlack;
  out: () => SlackOut;
}

export function messageKinds(at: Where): Kind[] {
  const { slack, out } = at;
  return [
    {
      name: "a new message in a channel (the /helm echo, an alert thread's first post)",
      method: "chat.postMessage",
      async prepare() {
        const channel = freshChannel();
        const text = unique("Helm request");
        let ts = "";
        return {
          async send() {
            ts = await out().post(channel, note(text));
          },
          async copies() {
            const posted = (await history(slack(), channel)).filter((m) => m.text === text);
            expect(posted.map((m) => m.ts)).toContain(ts);
            return posted.length;
          },
        };
      },
    },
    {
      name: "a reply in a thread (answers, plans, execution and validation reports)",
      method: "chat.postMessage",
      async prepare() {
        const thread = await newThread(out());
        const text = unique("deployed revision 3");
        let ts = "";
        return {
          async send() {
            ts = await out().reply(thread, note(text));
          },
          copies() {
            const posted = slack()
              .thread(thread.channel, thread.threadTs)
              .filter((m) => m.text === text);
            expect(posted.map((m) => m.ts)).toContain(ts);
            return posted.length;
          },
        };
      },
    },
    {
      name: "an update of a message (the plan after approve/reject/finish, running → result)",
      method: "chat.update",
      async prepare() {
        const thread = await newThread(out());
        const text = unique("Approved by Bob");
        return {
          send: () => out().update(thread.channel, thread.threadTs, note(text)),
          copies() {
            const shown = slack().thread(thread.channel, thread.threadTs);
            expect(shown).toHaveLength(1);
            return shown[0]?.text === text ? 1 : 0;
          },
        };
      },
    },
    {
      name: "an ephemeral reply (chat.postEphemeral)",
      method: "chat.postEphemeral",
      copiesAfterAmbiguous: 2,
      async prepare() {
        const text = unique("You may not approve this plan");
        return {
          send: () => out().ephemeral(freshChannel(), ALICE, note(text)),
          copies: () => slack().ephemerals.filter((e) => e.text === text).length,
        };
      },
    },
    withFile(at, "files.getUploadURLExternal"),
    withFile(at, "file_upload"),
    withFile(at, "files.completeUploadExternal"),
  ];
}
