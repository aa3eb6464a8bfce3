// The fake Slack Web API against the real clients: Slack's WebClient calls it (form bodies,
// bearer token, files.uploadV2's three steps), and what it signs, Bolt's own verifier accepts.
import { verifySlackRequest, webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockErrors, type FakeSlack, startFakeSlack } from "../../support/fake-slack-api.ts";
import { commandForm, signRequest } from "../../support/slack-requests.ts";

describe("fake Slack Web API", () => {
  let slack: FakeSlack;
  let client: webApi.WebClient;

  beforeAll(async () => {
    slack = await startFakeSlack({
      usergroups: { S0LEADS: ["U0CAROL"] },
      notInChannels: ["C0PRIVATE"],
    });
    client = new webApi.WebClient(slack.token, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
  });
  afterAll(() => slack.close());

  it("answers auth.test, posts, threads, updates and ephemerals like Slack", async () => {
    expect(await client.auth.test()).toMatchObject({
      ok: true,
      user_id: "U0WHEELBOT",
      bot_id: "B0WHEELBOT",
    });
    const parent = await client.chat.postMessage({ channel: "C0SHOPTEAM", text: "parent" });
    const reply = await client.chat.postMessage({
      channel: "C0SHOPTEAM",
      thread_ts: parent.ts,
      text: "reply",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*hi*" } }],
    });
    await client.chat.update({ channel: "C0SHOPTEAM", ts: reply.ts ?? "", text: "edited" });
    await client.chat.postEphemeral({ channel: "C0SHOPTEAM", user: "U0BOB", text: "psst" });
    expect(slack.thread("C0SHOPTEAM", parent.ts ?? "").map((m) => [m.text, m.edits])).toEqual([
      ["parent", 0],
      ["edited", 1],
    ]);
    expect(slack.ephemerals).toEqual([
      { channel: "C0SHOPTEAM", user: "U0BOB", threadTs: null, text: "psst", blocks: [] },
    ]);
    expect(
      (await client.chat.getPermalink({ channel: "C0SHOPTEAM", message_ts: parent.ts ?? "" }))
        .permalink,
    ).toMatch(/^https:\/\/.*\/archives\/C0SHOPTEAM\/p\d+$/);
    expect(await client.usergroups.users.list({ usergroup: "S0LEADS" })).toMatchObject({
      users: ["U0CAROL"],
    });
    expect(await client.users.info({ user: "U0BOB" })).toMatchObject({ user: { id: "U0BOB" } });
    expect(await client.conversations.info({ channel: "C0PRIVATE" })).toMatchObject({
      channel: { is_member: false },
    });
  });

  it("refuses what Slack refuses: bad tokens, unknown channels, invalid blocks", async () => {
    const stranger = new webApi.WebClient("xoxb-wrong", {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: "invalid_auth" } });
    await expect(
      client.chat.postMessage({ channel: "C0PRIVATE", text: "x" }),
    ).rejects.toMatchObject({ data: { error: "not_in_channel" } });
    await expect(client.chat.postMessage({ channel: "nope", text: "x" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    const tooMany = Array.from({ length: 51 }, () => ({ type: "divider" as const }));
    await expect(
      client.chat.postMessage({ channel: "C0SHOPTEAM", text: "x", blocks: tooMany }),
    ).rejects.toMatchObject({ data: { error: "invalid_blocks" } });
    expect(
      blockErrors([{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }]),
    ).toHaveLength(1);
  });

  it("takes files through files.uploadV2's three steps into the thread", async () => {
    const parent = await client.chat.postMessage({ channel: "C0SHOPTEAM", text: "with a file" });
    await client.filesUploadV2({
      channel_id: "C0SHOPTEAM",
      thread_ts: parent.ts ?? "",
      content: "kind: ConfigMap\n",
      filename: "manifest.yaml",
      title: "Manifest",
    });
    expect(slack.callsTo("files.getUploadURLExternal")).toHaveLength(1);
    expect(slack.callsTo("files.completeUploadExternal")).toHaveLength(1);
    const [, withFile] = slack.thread("C0SHOPTEAM", parent.ts ?? "");
    expect(withFile?.files[0]).toMatchObject({ filename: "manifest.yaml", title: "Manifest" });
    expect(withFile?.files[0]?.content).toContain("kind: ConfigMap");
  });

  it("signs requests the way Bolt verifies them", () => {
    const body = commandForm({ text: "help", user: "U0ALICE", channel: "C0SHOPTEAM" });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      "x-slack-signature": signRequest(slack.signingSecret, timestamp, body),
      "x-slack-request-timestamp": timestamp,
    };
    expect(() =>
      verifySlackRequest({ signingSecret: slack.signingSecret, body, headers }),
    ).not.toThrow();
    expect(() => verifySlackRequest({ signingSecret: "other", body, headers })).toThrow();
  });
});
