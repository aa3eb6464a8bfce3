// The playground's page server: the page with a strict CSP, TypeScript modules served as
// JavaScript, and an API that only the page's own origin may drive.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../../src/playground/fake-slack-api.ts";
import { type PageServer, startPageServer } from "../../../src/playground/page-server.ts";

describe("startPageServer", () => {
  let slack: FakeSlack;
  let page: PageServer;

  beforeAll(async () => {
    slack = await startFakeSlack();
    page = await startPageServer({
      slackOrigin: slack.origin,
      channel: "C0PLAYGROUND",
      botUserId: slack.botUserId,
    });
  });
  afterAll(async () => {
    await page?.close();
    await slack?.close();
  });

  it("serves the page under a CSP that allows no inline script, and its modules as JavaScript", async () => {
    const index = await fetch(page.url);
    expect(index.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(index.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect(await index.text()).toContain('<script type="module" src="/app.js">');
    const module = await fetch(new URL("render-blocks.ts", page.url));
    expect(module.headers.get("content-type")).toMatch(/^text\/javascript/);
    const code = await module.text();
    expect(code).toContain("export function renderBlock(value");
    expect(code).not.toMatch(/value: unknown/);
    expect((await fetch(new URL("../../etc/passwd", page.url))).status).toBe(404);
  });

  it("answers the session and the channel's messages", async () => {
    const session = await (await fetch(new URL("api/session", page.url))).json();
    expect(session).toMatchObject({ channel: "C0PLAYGROUND", botUserId: slack.botUserId });
    const messages = await (await fetch(new URL("api/messages", page.url))).json();
    expect(messages).toMatchObject({ ok: true, messages: [], ephemerals: [] });
  });

  it("refuses another site's requests and malformed ones", async () => {
    const body = JSON.stringify({ text: "list releases", user: "U0PLAYER" });
    const headers = { "content-type": "application/json" };
    const foreign = await fetch(new URL("api/say", page.url), {
      method: "POST",
      headers: { ...headers, origin: "https://evil.example" },
      body,
    });
    expect(foreign.status).toBe(403);
    const bad = await fetch(new URL("api/say", page.url), {
      method: "POST",
      headers,
      body: JSON.stringify({ text: "", user: "not a user" }),
    });
    expect([bad.status, await bad.json()]).toEqual([400, { ok: false, error: "invalid_request" }]);
    expect(slack.calls).toEqual([]);
  });
});
