// Slack refuses a whole message when one limit is exceeded; the renderer splits or cuts instead,
// says so in the message, and never drops the Approve / Reject buttons.
import { describe, expect, it } from "vitest";
import type { BlockKitBlock } from "../../../src/render/block-kit/block-kit-types.ts";
import { toBlockKit } from "../../../src/render/block-kit/to-block-kit.ts";
import { bold, code, md, mention } from "../../../src/render/markdown.ts";
import { ACTION_APPROVE, message } from "../../../src/render/message.ts";
import { renderPlan } from "../../../src/render/render-plan.ts";
import { LIST_MAX_ROWS, renderReadResult } from "../../../src/render/render-read-result.ts";
import { record, upgradePlan } from "./render-fixtures.ts";

function expectWithinLimits(blocks: BlockKitBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const block of blocks) {
    if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(150);
    if (block.type === "section" && "text" in block)
      expect(block.text.text.length).toBeLessThanOrEqual(3000);
    if (block.type === "section" && "fields" in block) {
      expect(block.fields.length).toBeLessThanOrEqual(10);
      for (const f of block.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    if (block.type === "actions") {
      for (const b of block.elements) {
        expect(b.value.length).toBeLessThanOrEqual(2000);
        expect(b.text.text.length).toBeLessThanOrEqual(75);
      }
    }
  }
}

const deployment = (i: number) => `---
# Source: big/templates/deployment-${i}.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker-${i}
  labels:
    app.kubernetes.io/name: worker-${i}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: main
          image: registry.example.com/worker:${i}.0.0
`;

describe("Slack limits", () => {
  it("shows the head of a huge manifest and attaches it whole", () => {
    const manifest = Array.from({ length: 2000 }, (_, i) => deployment(i)).join("");
    const msg = renderReadResult({
      kind: "manifest",
      release: { name: "big", namespace: "shop" },
      manifest,
    });
    const kit = toBlockKit(msg);
    expectWithinLimits(kit.blocks);
    expect(kit.files).toHaveLength(1);
    expect(kit.files[0]?.content).toContain("worker-1999");
    expect(JSON.stringify(kit.blocks)).toContain("the whole manifest is attached");
  });

  it("lists 200 releases within the limits, attaching the whole list", () => {
    const releases = Array.from({ length: 200 }, (_, i) => ({
      name: `service-${String(i).padStart(3, "0")}-with-a-rather-long-name`,
      namespace: `team-${i % 12}`,
      revision: i + 1,
      updated: "2026-05-01 10:00:00.123456 +0000 UTC",
      status: i % 17 === 0 ? ("failed" as const) : ("deployed" as const),
      chart: `service-${i}.0.0`,
      app_version: `${i}.0.0`,
    }));
    const kit = toBlockKit(
      renderReadResult({ kind: "list", namespace: null, statusFilter: null, releases }),
    );
    expectWithinLimits(kit.blocks);
    const text = JSON.stringify(kit.blocks);
    expect(text).toContain("200 releases");
    expect(text).toContain(`${200 - LIST_MAX_ROWS} more not shown`);
    expect(kit.files[0]?.content.split("\n").filter(Boolean)).toHaveLength(201);
  });

  it("splits a long section at line ends and keeps the text", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ${"x".repeat(40)}`);
    const kit = toBlockKit(message("long", [{ type: "section", text: md`${lines.join("\n")}` }]));
    expectWithinLimits(kit.blocks);
    expect(kit.blocks.length).toBeGreaterThan(1);
    const joined = kit.blocks
      .map((b) => (b.type === "section" && "text" in b ? b.text.text : ""))
      .join("\n");
    expect(joined).toBe(lines.join("\n"));
  });

  it("cuts to 50 blocks with a note and keeps a plan's buttons", () => {
    const many = Array.from({ length: 1000 }, (_, i) => `--set key${i}=${"v".repeat(200)}`).join(
      " ",
    );
    const plan = {
      ...upgradePlan,
      command: { ...upgradePlan.command, display: `helm upgrade web ${many}` },
    };
    const kit = toBlockKit(renderPlan(record(plan)));
    expectWithinLimits(kit.blocks);
    expect(kit.blocks).toHaveLength(50);
    expect(kit.blocks.at(-1)).toMatchObject({ type: "actions" });
    const actions = kit.blocks.at(-1);
    expect(actions?.type === "actions" && actions.elements[0]?.action_id).toBe(ACTION_APPROVE);
    expect(JSON.stringify(kit.blocks.at(-2))).toContain("more blocks not shown");
  });

  it("cuts a long header and drops a button whose value is too long, saying so", () => {
    const kit = toBlockKit(
      message("x", [
        { type: "header", text: "h".repeat(400) },
        {
          type: "buttons",
          buttons: [
            { actionId: "a", label: "ok", value: "v".repeat(3000) },
            { actionId: "b", label: "b".repeat(100), value: "1" },
          ],
        },
      ]),
    );
    expectWithinLimits(kit.blocks);
    expect(kit.blocks[0]?.type === "header" && kit.blocks[0].text.text.endsWith("…")).toBe(true);
    expect(JSON.stringify(kit.blocks)).toContain("1 choice(s) too long");
  });

  it("escapes what Slack would read as markup, and renders the nodes it is given", () => {
    const kit = toBlockKit(
      message("x", [
        {
          type: "section",
          text: md`${bold("a < b & c")} for ${mention("U0ALICE")} ${code("<x>")}`,
        },
      ]),
    );
    expect(kit.blocks[0]).toEqual({
      type: "section",
      text: {
        type: "mrkdwn",
        text: "*a &lt; b &amp; c* for <@U0ALICE> `&lt;x&gt;`",
        verbatim: true,
      },
    });
  });
});
