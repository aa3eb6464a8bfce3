// A channel never sees release or namespace names it may not read: questions back offer only
// the candidates in its namespaces, a forged candidate button is checked again on click, and
// `/helm audit` leaves out what happened in namespaces beyond its reach.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { emptyIntent } from "../../src/model/intent.ts";
import type { Policy } from "../../src/policy/policy-schema.ts";
import { ACTION_CHOOSE } from "../../src/render/message.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import type { FakeMessage } from "../support/fake-slack-api.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { OPEN_POLICY } from "../support/open-policy.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import {
  ALICE,
  BOB,
  buttonOf,
  CHANNEL,
  type Harness,
  installWebapp,
  startHarness,
  textOf,
} from "./e2e-support.ts";

const PLATFORM = "C0PLATFORM";

describe("what a channel may see", () => {
  let h: Harness;
  let blue: string;
  let green: string;
  let red: string;

  // Everything the bot sent to CHANNEL: messages, updates and private notes.
  const sentToChannel = () =>
    h.slack.calls
      .filter((c) => c.args.channel === CHANNEL)
      .map((c) => JSON.stringify(c.args))
      .join("\n");

  async function question(): Promise<{ thread: string; message: FakeMessage }> {
    const thread = await h.ask("status storefront");
    return { thread, message: await h.reply(thread, /More than one release matches/) };
  }

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    [blue, green, red] = await Promise.all([
      createNamespace("e2e-vis-blue"),
      createNamespace("e2e-vis-green"),
      createNamespace("e2e-vis-red"),
    ]);
    await Promise.all([blue, green, red].map((ns) => installWebapp(helm, "storefront", ns)));
    const open = OPEN_POLICY.channels["*"] ?? {};
    const policy: Policy = {
      ...OPEN_POLICY,
      channels: { "*": open, [CHANNEL]: { ...open, namespaces: [blue, green] } },
    };
    h = await startHarness("visibility", helm, { policy });
    // Another channel, which may read red, plans a change there.
    const { ts } = await h.slack.mention(`upgrade storefront -n ${red} to 1.1.0`, {
      user: BOB,
      channel: PLATFORM,
    });
    await h.slack.waitFor("the plan in the other channel", () =>
      h.slack
        .thread(PLATFORM, ts)
        .find((m) => m.user === h.slack.botUserId && /Plan: Upgrade/.test(textOf(m))),
    );
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([blue, green, red].map((ns) => deleteNamespace(ns)));
  });

  it("asks about the readable candidates only, and the audit trail leaves out the rest", async () => {
    const { message } = await question();
    const text = textOf(message);
    expect(text).toContain(`[storefront (${blue})]`);
    expect(text).toContain(`[storefront (${green})]`);

    const replies = () => h.slack.callsTo("chat.postMessage").map((c) => String(c.args.text));
    const replied = (what: string, match: (text: string) => boolean) =>
      h.slack.waitFor(what, () => replies().find(match), 30_000);
    await h.slack.command("audit", ALICE, CHANNEL);
    await replied("the audit trail", (t) => t.startsWith("Audit trail:"));
    await h.slack.command("audit storefront", ALICE, CHANNEL);
    const ambiguous = await replied("the ambiguous audit", (t) => t.includes("several"));
    expect(ambiguous).toMatch(
      /^storefront is in several namespaces \((.+), (.+)\): add -n NAMESPACE\.$/,
    );
    expect(ambiguous).toContain(blue);
    expect(ambiguous).toContain(green);
    await h.bot.app?.idle();
    // The other channel's plan is in the trail; this channel was shown none of it.
    const trail = await h.bot.audit.recent({ limit: 50 });
    expect(trail.some((e) => e.release?.namespace === red && e.type === "plan")).toBe(true);
    expect(sentToChannel()).toContain(blue);
    expect(sentToChannel()).not.toContain(red);
    expect(sentToChannel()).not.toContain(PLATFORM);

    await h.slack.command(`audit storefront -n ${red}`, ALICE, CHANNEL);
    expect(await replied("the refusal", (t) => t.includes("may not read"))).toBe(
      `This channel may not read namespace ${red}, nor its audit trail.`,
    );
  });

  it("checks a forged candidate button again: nothing is read outside the channel's namespaces", async () => {
    const { thread, message } = await question();
    const forged = { ...emptyIntent("status"), release: { name: "storefront", namespace: red } };
    const button = buttonOf(message, blue);
    await h.slack.click(button.actionId, JSON.stringify(forged), ALICE, message);
    const refusal = await h.reply(thread, /Not allowed here: status/);
    expect(textOf(refusal)).toContain(`Namespace ${red} is outside this channel's namespaces`);
    await h.bot.app?.idle();
    const texts = h.texts(thread);
    expect(texts.some((t) => /deployed/.test(t))).toBe(false);

    // A forged question back: its candidates are filtered too.
    const next = await question();
    const asking = {
      ...emptyIntent("status"),
      clarification: "Which one?",
      candidates: [
        { name: "storefront", namespace: blue },
        { name: "storefront", namespace: red },
      ],
    };
    await h.slack.click(`${ACTION_CHOOSE}_x`, JSON.stringify(asking), ALICE, next.message);
    const again = await h.reply(next.thread, /Which one\?/);
    expect(textOf(again)).toContain(`[storefront (${blue})]`);
    expect(textOf(again)).not.toContain(red);
  });
});
