// Every string of a message leaves redacted, wherever the message model puts it; nothing else
// about the message changes.
import { describe, expect, it } from "vitest";
import { mapStrings, redactMessage } from "../../../src/redact/redact-message.ts";
import { redactText } from "../../../src/redact/redact-text.ts";
import { md } from "../../../src/render/markdown.ts";
import type { Message } from "../../../src/render/message.ts";

const URL_SECRET = "Pq9xWm2Lr7Vt";
const TOKEN = "xoxb-123456789012-AbCdEfGhIjKl";
const ASSIGNED = "Hk3mZp9QwL2x";
const leaky = (label: string) =>
  `${label}: postgres://app:${URL_SECRET}@db:5432/app\npassword: ${ASSIGNED}\nrestored ${TOKEN}`;
const SECRETS = [URL_SECRET, TOKEN, ASSIGNED];

describe("redactMessage", () => {
  it("redacts the summary, header, code, table cells, buttons and attachments", () => {
    const message: Message = {
      summary: md`${leaky("summary")}`,
      blocks: [
        { type: "header", text: `header ${TOKEN}` },
        { type: "code", text: leaky("code") },
        { type: "table", columns: ["KEY", `col ${TOKEN}`], rows: [["a", leaky("cell")]] },
        { type: "divider" },
        {
          type: "buttons",
          buttons: [
            { actionId: "wheelhouse_approve", label: `ok ${TOKEN}`, value: leaky("value") },
          ],
        },
      ],
      attachments: [
        { filename: `x-${TOKEN}.yaml`, title: leaky("title"), content: leaky("content") },
      ],
    };
    const out = JSON.stringify(redactMessage(message));
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    expect(out).toContain("wheelhouse_approve");
    expect(out).toContain('"type":"divider"');
    expect(redactMessage(message).blocks.map((b) => b.type)).toEqual(
      message.blocks.map((b) => b.type),
    );
  });

  it("walks shapes it has never seen: inline nodes, confirms, nested lists", () => {
    const future = {
      summary: "plain",
      blocks: [
        {
          type: "section",
          text: [
            { kind: "text", text: leaky("node") },
            { kind: "link", url: `https://u:${URL_SECRET}@example.com`, label: "x" },
          ],
        },
        {
          type: "fields",
          fields: [{ label: "Password", value: [{ kind: "code", text: leaky("field") }] }],
        },
        {
          type: "buttons",
          buttons: [{ confirm: { title: TOKEN, text: [{ kind: "text", text: leaky("c") }] } }],
        },
      ],
      attachments: [],
      count: 3,
      flag: true,
    };
    // The walk redactMessage does, on a message of a shape the model does not have (yet).
    const out = mapStrings(future, redactText);
    const text = JSON.stringify(out);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(out).toMatchObject({ count: 3, flag: true, summary: "plain" });
  });

  it("leaves a message without credentials as it was", () => {
    const message: Message = {
      summary: md`Plan: upgrade shop to 1.1.0`,
      blocks: [{ type: "code", text: "existingSecret: db-creds\nreplicaCount: 2" }],
      attachments: [],
    };
    expect(redactMessage(message)).toEqual(message);
  });
});
