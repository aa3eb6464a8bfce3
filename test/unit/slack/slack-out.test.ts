// SlackOut redacts whatever it is given, on every way it talks to Slack: replies, posts,
// updates, ephemerals, uploaded files and message metadata. Against the fake Slack Web API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLog } from "../../../src/observe/log.ts";
import { md } from "../../../src/render/markdown.ts";
import type { Message } from "../../../src/render/message.ts";
import { createSlackOut, type SlackOut } from "../../../src/slack/slack-out.ts";
import { webClientFor } from "../../../src/slack/web-client-for.ts";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack-api.ts";

const URL_SECRET = "Pq9xWm2Lr7Vt";
const TOKEN = "xoxb-123456789012-AbCdEfGhIjKl";
const leaky = (label: string) => `${label}\npostgres://app:${URL_SECRET}@db:5432/app\n${TOKEN}`;

const leakyMessage = (): Message => ({
  summary: md`${leaky("summary")}`,
  blocks: [
    { type: "header", text: `header ${TOKEN}` },
    { type: "code", text: leaky("code") },
    { type: "table", columns: ["A"], rows: [[leaky("cell")]] },
    {
      type: "buttons",
      buttons: [{ actionId: "wheelhouse_approve", label: "Approve", value: TOKEN }],
    },
  ],
  attachments: [{ filename: "notes.txt", title: leaky("title"), content: leaky("content") }],
});

describe("createSlackOut", () => {
  let slack: FakeSlack;
  let out: SlackOut;

  beforeAll(async () => {
    slack = await startFakeSlack();
    const config = { SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl };
    out = createSlackOut(webClientFor(config, silentLog), silentLog);
  });
  afterAll(() => slack.close());

  it("sends no credential on any of its ways out", async () => {
    const meta = { event_type: "wheelhouse_plan", event_payload: { plan_id: "Abc", note: TOKEN } };
    const ts = await out.post("C0SHOP", leakyMessage());
    const thread = { channel: "C0SHOP", threadTs: ts };
    const reply = await out.reply(thread, leakyMessage(), meta);
    await out.update("C0SHOP", reply, leakyMessage(), meta);
    await out.ephemeral("C0SHOP", "U0ALICE", leakyMessage(), ts);

    const methods = slack.calls.map((c) => c.method);
    for (const m of ["chat.postMessage", "chat.update", "chat.postEphemeral"])
      expect(methods).toContain(m);
    const files = slack.thread("C0SHOP", ts).flatMap((m) => m.files);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.content.includes("content"))).toBe(true);
    const recorded = JSON.stringify({ calls: slack.calls, files, ephemerals: slack.ephemerals });
    expect(recorded).not.toContain(URL_SECRET);
    expect(recorded).not.toContain(TOKEN);
    // What is not a credential arrives as it was: the metadata still names the plan.
    expect(slack.message("C0SHOP", reply)?.metadata).toMatchObject({
      event_type: "wheelhouse_plan",
      event_payload: { plan_id: "Abc" },
    });
  });
});
