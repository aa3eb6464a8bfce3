// Nothing the bot shows can ping, link or break out: every renderer, fed hostile text in every
// field, yields Block Kit whose only live markup is what the bot meant (its own mentions, bold
// and code), checked by the rules below and kept as golden files.
import { describe, expect, it } from "vitest";
import { blockKitToText } from "../../../src/render/block-kit/block-kit-to-text.ts";
import { type BlockKitMessage, toBlockKit } from "../../../src/render/block-kit/to-block-kit.ts";
import type { Message } from "../../../src/render/message.ts";
import { renderAudit } from "../../../src/render/render-audit.ts";
import { renderClarification } from "../../../src/render/render-clarification.ts";
import { renderDiagnosis } from "../../../src/render/render-diagnosis.ts";
import { renderExecution } from "../../../src/render/render-execution.ts";
import { renderPlan } from "../../../src/render/render-plan.ts";
import { renderReadResult } from "../../../src/render/render-read-result.ts";
import { renderNotAllowed, renderRefusal } from "../../../src/render/render-refusal.ts";
import { hostileDiagnosis } from "./diagnosis-fixtures.ts";
import { HOSTILE, hostile, hostileIntent, hostileValues } from "./hostile-fixtures.ts";
import {
  approved,
  failed,
  historyEntries,
  majorUpgradePlan,
  manifest,
  record,
  recoveryPlan,
  refusal,
  rollbackPlan,
  setValuesPlan,
  stale,
  statusDetail,
  succeeded,
  uninstallPlan,
  upgradePlan,
} from "./render-fixtures.ts";

// The fixtures' own users: the only mentions the bot means in these messages.
const MEANT = /^<@U0(ALICE|BOB|CAROL)>$/;
const web = hostile({ name: "web", namespace: "shop" });

interface Text {
  where: string;
  text: string;
  kind: "mrkdwn" | "plain_text" | "message";
}

// Every text object of a Block Kit message, with where it sits.
function texts(value: unknown, where = "$"): Text[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${where}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  const out: Text[] = [];
  const type = "type" in value ? value.type : undefined;
  const text = "text" in value ? value.text : undefined;
  if ((type === "mrkdwn" || type === "plain_text") && typeof text === "string") {
    out.push({ where, text, kind: type });
    if (type === "mrkdwn") expect("verbatim" in value && value.verbatim, where).toBe(true);
  }
  for (const [key, v] of Object.entries(value)) out.push(...texts(v, `${where}.${key}`));
  return out;
}

// What in one mrkdwn string would be live markup that the bot did not mean.
function liveMarkup(text: string): string[] {
  const problems: string[] = [];
  for (const seq of text.match(/<[^>]*>?/g) ?? [])
    if (!MEANT.test(seq)) problems.push(`control sequence ${seq}`);
  if (/>/.test(text.replace(/<@U0(ALICE|BOB|CAROL)>/g, ""))) problems.push("a raw >");
  let prose = text;
  const fenced = /^```\n([\s\S]*)\n```$/.exec(text);
  if (fenced) {
    if ((fenced[1] ?? "").includes("`")) problems.push("a backtick inside a ``` block");
    prose = "";
  } else if (text.includes("```")) problems.push("a ``` fence inside text");
  const parts = prose.split("`");
  if (parts.length % 2 === 0) problems.push("an unclosed code span");
  // Outside code spans (even parts), hostile formatting must not survive as written.
  const outside = parts.filter((_, i) => i % 2 === 0).join(" ");
  for (const marked of ["*bold*", "_italic_", "~strike~", "*strong*", "`tick`"])
    if (outside.includes(marked)) problems.push(`formatting ${marked}`);
  if (/(^|\n)[ \t]*&gt;/.test(outside)) problems.push("a blockquote");
  return problems;
}

function expectInert(kit: BlockKitMessage): void {
  const all: Text[] = [
    { where: "text", text: kit.text, kind: "message" },
    ...texts(kit.blocks, "blocks"),
  ];
  const problems = all
    .filter((t) => t.kind !== "plain_text")
    .flatMap((t) => liveMarkup(t.text).map((p) => `${t.where}: ${p} in ${JSON.stringify(t.text)}`));
  expect(problems).toEqual([]);
  // Shown, not dropped: the hostile text is there, escaped.
  expect(JSON.stringify(kit)).toContain("&lt;!channel&gt;");
}

const decided = { ...approved, by: `U0BOB ${HOSTILE}` };
const hostileManifest = `${manifest}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: notes
  annotations:
    description: ${JSON.stringify(HOSTILE)}
data:
  NOTES.txt: ${JSON.stringify(HOSTILE)}
`;
const plans = [
  ["upgrade", upgradePlan],
  ["upgrade-major", majorUpgradePlan],
  ["rollback", rollbackPlan],
  ["recovery", recoveryPlan],
  ["uninstall", uninstallPlan],
  ["set-values", setValuesPlan],
] as const;

const cases: Array<[string, () => Message, boolean]> = [
  ...plans.map(([name, plan]): [string, () => Message, boolean] => [
    `plan-${name}`,
    () => renderPlan(hostile(record(plan))),
    name === "upgrade-major" || name === "uninstall",
  ]),
  [
    "plan-approved",
    () => renderPlan(hostile(record(upgradePlan, { state: "approved", decision: decided }))),
    false,
  ],
  [
    "execution-running",
    () => renderExecution(hostile(record(upgradePlan, { state: "running", decision: approved }))),
    false,
  ],
  ...(
    [
      ["succeeded", succeeded],
      ["failed", failed],
      ["stale", stale],
    ] as const
  ).map(([name, execution]): [string, () => Message, boolean] => [
    `execution-${name}`,
    () =>
      renderExecution(hostile(record(upgradePlan, { state: name, decision: decided, execution }))),
    name !== "succeeded",
  ]),
  [
    "read-list",
    () =>
      renderReadResult({
        kind: "list",
        namespace: HOSTILE,
        statusFilter: HOSTILE,
        releases: hostile([
          {
            name: "web",
            namespace: "shop",
            revision: 3,
            updated: "2026-05-01 10:00:00.123456 +0000 UTC",
            status: "deployed" as const,
            chart: "webapp-1.1.0",
            app_version: "1.1.0",
          },
        ]),
      }),
    true,
  ],
  ["read-status", () => renderReadResult({ kind: "status", detail: hostile(statusDetail) }), true],
  [
    "read-history",
    () => renderReadResult({ kind: "history", release: web, entries: hostile(historyEntries) }),
    true,
  ],
  [
    "read-values",
    () => renderReadResult({ kind: "values", release: web, values: hostileValues, all: false }),
    true,
  ],
  [
    "read-manifest",
    () => renderReadResult({ kind: "manifest", release: web, manifest: hostileManifest }),
    false,
  ],
  ["refusal", () => renderRefusal(hostile(refusal)), true],
  ["not-allowed", () => renderNotAllowed(HOSTILE, HOSTILE), true],
  ["clarification", () => renderClarification(hostileIntent(2)), true],
  ["clarification-many", () => renderClarification(hostileIntent(7)), false],
  [
    "audit",
    () =>
      renderAudit(
        hostile([
          {
            type: "approval" as const,
            at: "2026-05-01T12:05:00.000Z",
            actor: "U0BOB",
            channel: "C0SHOPTEAM",
            release: { name: "web", namespace: "shop" },
            planId: "pKq3xY7wZt2a",
            detail: "approved upgrade web 1.1.0 → 1.2.0",
          },
        ]),
        web,
      ),
    true,
  ],
  ["diagnosis", () => renderDiagnosis(hostileDiagnosis(), { kind: "plan-follows" }), true],
];

describe("hostile text is inert in Block Kit", () => {
  it.each(cases)("%s", async (name, render, isGolden) => {
    const kit = toBlockKit(render());
    expectInert(kit);
    if (isGolden) {
      await expect(`${JSON.stringify(kit, null, 2)}\n`).toMatchFileSnapshot(
        `./__golden__/hostile-${name}.json`,
      );
    }
  });

  it("catches live markup when there is some", () => {
    expect(liveMarkup("hi <!channel>")).toContain("control sequence <!channel>");
    expect(liveMarkup("<https://evil|x> and a >")).toHaveLength(2);
    expect(liveMarkup("`a` and `b")).toEqual(["an unclosed code span"]);
    expect(liveMarkup("x ```y``` z")).toContain("a ``` fence inside text");
    expect(liveMarkup("```\na`b\n```")).toEqual(["a backtick inside a ``` block"]);
    expect(liveMarkup("say *bold* now")).toEqual(["formatting *bold*"]);
    expect(liveMarkup("ok\n&gt; quoted")).toEqual(["a blockquote"]);
    expect(liveMarkup("`*bold*` by <@U0BOB>")).toEqual([]);
  });

  it("keeps the bot's own mentions live while a hostile actor stays text", () => {
    const kit = toBlockKit(
      renderPlan(hostile(record(upgradePlan, { state: "approved", decision: approved }))),
    );
    const json = JSON.stringify(kit.blocks);
    expect(json).not.toContain("<@U0BOB>");
    expect(json).toContain("U0BOB &lt;!channel&gt;");
    const meant = toBlockKit(renderPlan(record(upgradePlan, { decision: approved })));
    expect(JSON.stringify(meant.blocks)).toContain("<@U0ALICE>");
  });

  it("reads back in the terminal as the literal text, not as mentions or links", () => {
    const kit = toBlockKit(renderRefusal(hostile(refusal)));
    const text = blockKitToText(kit.blocks, kit.text);
    expect(text).toContain("<!channel> <!here>");
    expect(text).toContain("<@U0EVIL>");
    expect(text).not.toContain("click (https://evil.example");
  });
});
