// The playground page's Block Kit and mrkdwn rendering, as the data the page turns into DOM
// nodes: faithful to what Slack shows, and hostile text stays text (no tag, no script link).
import { describe, expect, it } from "vitest";
import { parseMrkdwn } from "../../../src/playground/page/parse-mrkdwn.ts";
import { renderBlock, renderMessageBody } from "../../../src/playground/page/render-blocks.ts";
import type { ViewNode } from "../../../src/playground/page/view-node.ts";

// The text a person would read, with the tags around styled parts.
function show(nodes: ViewNode[]): string {
  return nodes
    .map((n) => {
      const inner = n.text ?? show(n.children ?? []);
      if (n.tag === "span" || n.tag === "div") return inner;
      if (n.tag === "br") return "\n";
      return n.href ? `[a ${n.href}]${inner}[/a]` : `[${n.tag}]${inner}[/${n.tag}]`;
    })
    .join("");
}

describe("parseMrkdwn", () => {
  it("reads Slack's styles, code, quotes, links and mentions", () => {
    const nodes = parseMrkdwn(
      "*Plan:* _upgrade_ ~old~ `web-1.0.0` for <@U0PAT>\n&gt; quoted\n<https://example.com/x|docs>",
      { U0PAT: "Pat" },
    );
    expect(show(nodes)).toBe(
      "[b]Plan:[/b] [i]upgrade[/i] [s]old[/s] [code]web-1.0.0[/code] for @Pat[blockquote]quoted[/blockquote][a https://example.com/x]docs[/a]",
    );
  });

  it("keeps code blocks verbatim, styles and entities inside included", () => {
    const nodes = parseMrkdwn("before\n```\nhelm upgrade *x* &lt;y&gt;\n```\nafter");
    expect(nodes.find((n) => n.tag === "pre")?.text).toBe("helm upgrade *x* <y>");
    expect(show(nodes)).toBe("before[pre]helm upgrade *x* <y>[/pre]after");
  });

  it("leaves snake_case and lone markers alone", () => {
    expect(show(parseMrkdwn("my_release_name costs 2*3 and a_b"))).toBe(
      "my_release_name costs 2*3 and a_b",
    );
  });

  it("turns hostile strings into plain text, never markup or a script link", () => {
    const hostile =
      '&lt;img src=x onerror=alert(1)&gt; <javascript:alert(1)|click me> <script>alert(1)</script> "><svg onload=alert(1)>';
    const nodes = parseMrkdwn(hostile);
    const all = JSON.stringify(nodes);
    expect(nodes.every((n) => n.href === undefined)).toBe(true);
    expect(all).not.toContain('"href"');
    expect(show(nodes)).toContain("<img src=x onerror=alert(1)>");
    expect(show(nodes)).toContain("<javascript:alert(1)|click me>");
    // Everything is a text node: tags come only from the parser's own small set.
    const tags = new Set<string>();
    const walk = (ns: ViewNode[]) => {
      for (const n of ns) {
        tags.add(n.tag);
        walk(n.children ?? []);
      }
    };
    walk(nodes);
    expect([...tags].every((t) => ["span", "code", "b", "i", "s", "br"].includes(t))).toBe(true);
  });
});

describe("renderBlock", () => {
  it("draws header, fields, context, divider and styled buttons with their confirm dialog", () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: "Plan: Roll back checkout" } },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: "*Release*\n`checkout`", verbatim: true },
          { type: "mrkdwn", text: "*Risk*\nhigh", verbatim: true },
        ],
      },
      { type: "context", elements: [{ type: "mrkdwn", text: "Plan `p1`", verbatim: true }] },
      { type: "divider" },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: "wheelhouse_approve",
            value: "p1",
            style: "primary",
            text: { type: "plain_text", text: "Approve" },
            confirm: {
              title: { type: "plain_text", text: "Roll back checkout?" },
              text: { type: "mrkdwn", text: "It runs *now*." },
              confirm: { type: "plain_text", text: "Approve" },
              deny: { type: "plain_text", text: "Cancel" },
            },
          },
          {
            type: "button",
            action_id: "wheelhouse_reject",
            value: "p1",
            style: "danger",
            text: { type: "plain_text", text: "Reject" },
          },
        ],
      },
      { type: "image", image_url: "https://example.com/x.png" },
    ];
    const view = blocks.map((b) => renderBlock(b));
    expect(view.map((v) => v.cls)).toEqual([
      "bk-header",
      "bk-fields",
      "bk-context",
      "bk-divider",
      "bk-actions",
      "bk-unknown",
    ]);
    expect(view[0]?.text).toBe("Plan: Roll back checkout");
    expect(show(view[1]?.children ?? [])).toBe(
      "[b]Release[/b]\n[code]checkout[/code][b]Risk[/b]\nhigh",
    );
    const [approve, reject] = view[4]?.children ?? [];
    expect(approve).toMatchObject({ tag: "button", cls: "bk-button primary", text: "Approve" });
    expect(approve?.button?.confirm).toMatchObject({
      title: "Roll back checkout?",
      confirm: "Approve",
    });
    expect(show(approve?.button?.confirm?.text ?? [])).toBe("It runs [b]now[/b].");
    expect(reject).toMatchObject({
      cls: "bk-button danger",
      button: { actionId: "wheelhouse_reject", value: "p1", confirm: null },
    });
    expect(view[5]?.text).toBe("[image block]");
  });

  it("falls back to the text without blocks, and shows files with their content", () => {
    const body = renderMessageBody({
      text: "Diagnosis of *checkout*",
      blocks: [],
      files: [{ filename: "pod.log", title: "checkout logs", content: "<b>not bold</b>" }],
    });
    expect(show(body)).toBe(
      "Diagnosis of [b]checkout[/b][details][summary]📄 checkout logs[/summary][pre]<b>not bold</b>[/pre][/details]",
    );
  });
});
