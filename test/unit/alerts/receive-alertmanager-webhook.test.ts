// The webhook as a function: the answer comes first, and the work only for accepted bodies.
import { describe, expect, it } from "vitest";
import type { AlertmanagerPayload } from "../../../src/alerts/alertmanager-payload.ts";
import { createAlertmanagerWebhook } from "../../../src/alerts/receive-alertmanager-webhook.ts";
import { alertFixture, malformedFixtures } from "../../support/alertmanager-fixtures.ts";

const TOKEN = "am-token-0123456789abcdef";
const AUTH = { authorization: `Bearer ${TOKEN}` };

function webhook(maxBodyBytes = 16 * 1024) {
  const processed: AlertmanagerPayload[] = [];
  const hook = createAlertmanagerWebhook({
    token: TOKEN,
    maxBodyBytes,
    process: async (payload) => {
      processed.push(payload);
    },
  });
  return { hook, processed };
}

describe("the Alertmanager webhook", () => {
  it("accepts a notification with 202 and leaves the work for later", async () => {
    const { hook, processed } = webhook();
    const { answer, work } = hook.receive(
      AUTH,
      alertFixture("firing", { NAMESPACE: "shop", POD: "p" }),
    );
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toEqual({ accepted: true, alerts: 1 });
    expect(processed).toEqual([]);
    await work?.();
    expect(processed.map((p) => p.groupLabels.namespace)).toEqual(["shop"]);
  });

  it("answers 401 without the token, with a wrong one, and never looks at the body", () => {
    const { hook } = webhook();
    for (const headers of [{}, { authorization: "Bearer not-the-token-at-all" }]) {
      const { answer, work } = hook.receive(headers, alertFixture("unauthenticated"));
      expect(answer.status).toBe(401);
      expect(answer.headers["www-authenticate"]).toMatch(/^Bearer/);
      expect(work).toBeNull();
    }
    expect(hook.receive({}, "not even JSON").answer.status).toBe(401);
  });

  it("answers 413 over the size limit", () => {
    const { hook } = webhook();
    const body = alertFixture("oversize");
    expect(Buffer.byteLength(body)).toBeGreaterThan(16 * 1024);
    const { answer, work } = hook.receive(AUTH, body);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).reason).toContain("16384 bytes");
    expect(work).toBeNull();
    expect(webhook(1024 * 1024).hook.receive(AUTH, body).answer.status).toBe(202);
  });

  it.each(malformedFixtures().map((c) => [c.name, c] as const))(
    "answers 400 for %s, saying why",
    (_n, c) => {
      const { hook } = webhook();
      const { answer, work } = hook.receive(AUTH, c.body);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: "invalid_payload" });
      expect(JSON.parse(answer.body).reason).toContain(c.reason);
      expect(work).toBeNull();
    },
  );
});
