// A /helm read starts its helm call while the echo that opens its thread is posted: the answer
// is the one a mention gets, one helm process per read, and nothing starts early where the
// channel may not read or for a change. The echo is held back by a 429 (Retry-After 1 s) so
// what runs before it is seen.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmCall } from "../../src/helm/helm-client.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import {
  ALICE,
  CHANNEL,
  type Harness,
  installWebapp,
  policyWith,
  startHarness,
  textOf,
} from "./e2e-support.ts";

const RATE_LIMITED = { status: 429 as const, retryAfter: 1 };

interface Run {
  subcommand: string;
  startedAt: number;
}

describe("/helm reads started beside the echo", () => {
  let h: Harness;
  let shop: string;
  let other: string;
  const runs: Run[] = [];
  const record = (call: HelmCall) =>
    runs.push({ subcommand: call.subcommand, startedAt: Date.now() - call.seconds * 1000 });

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"), { onCall: record });
    shop = await createNamespace("e2e-early");
    other = await createNamespace("e2e-early-other");
    await Promise.all([installWebapp(helm, "catalog", shop), installWebapp(helm, "ledger", other)]);
    // The channel reads and changes its own namespace only; nothing runs a plan (no worker).
    const policy = policyWith({ namespaces: [shop], mutationNamespaces: [shop] });
    // helm answers every read: what starts early here is the helm process itself.
    h = await startHarness("early", helm, { policy, role: "app", recordReads: false });
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([deleteNamespace(shop), deleteNamespace(other)]);
  });

  // The helm runs (but listings, which the cache shares) from `from` on.
  const readsSince = (from: number) =>
    runs
      .slice(from)
      .filter((r) => r.subcommand !== "list")
      .map((r) => r.subcommand);

  // Sends the command with its echo held back a second: its answer, the helm runs it made
  // (listings aside), and how many of them started before the echo landed.
  async function command(text: string, answer: RegExp) {
    h.slack.faults.failNext("chat.postMessage", RATE_LIMITED);
    const from = runs.length;
    const response = await h.slack.command(text, ALICE, CHANNEL);
    expect(response.status).toBe(200);
    const echo = await h.slack.waitFor(`the echo of ${text}`, () =>
      h.slack
        .callsTo("chat.postMessage")
        .find(
          (c) =>
            c.args.thread_ts === undefined &&
            c.response.ok === true &&
            String(c.args.text).includes(text),
        ),
    );
    const reply = await h.reply(String(echo.response.ts), answer);
    await h.bot.app?.idle();
    const before = runs.slice(from).filter((r) => r.subcommand !== "list" && r.startedAt < echo.at);
    return { text: textOf(reply), reads: readsSince(from), before: before.length };
  }

  async function mention(text: string, answer: RegExp) {
    const from = runs.length;
    const reply = await h.reply(await h.ask(text), answer);
    await h.bot.app?.idle();
    return { text: textOf(reply), reads: readsSince(from) };
  }

  it("answers a read as a mention does, from one helm process started before the echo", async () => {
    const cases = [
      { words: `status catalog -n ${shop}`, answer: /at revision 1/, helm: "status" },
      { words: `history catalog -n ${shop}`, answer: /History of/, helm: "history" },
      { words: `values catalog -n ${shop}`, answer: /Values you set/, helm: "get-values" },
      { words: `manifest catalog -n ${shop}`, answer: /Manifest of/, helm: "get-manifest" },
    ];
    for (const c of cases) {
      const asMention = await mention(c.words, c.answer);
      const asCommand = await command(c.words, c.answer);
      expect(asCommand.text, c.words).toBe(asMention.text);
      expect(asMention.reads, c.words).toEqual([c.helm]);
      expect(asCommand.reads, c.words).toEqual([c.helm]);
      expect(asCommand.before, `${c.words}: started before the echo`).toBe(1);
    }
  });

  it("runs no helm for a read of a namespace the channel may not read", async () => {
    for (const words of [`status ledger -n ${other}`, `values ledger -n ${other}`]) {
      const asked = await command(words, /outside this channel|not allowed|Which release|find/i);
      expect(asked.reads, words).toEqual([]);
      expect(asked.text, words).not.toMatch(/at revision|Values you set/);
    }
  });

  it("starts nothing early for a change: its plan is made after the echo, as before", async () => {
    const asked = await command(`upgrade catalog -n ${shop} --set replicaCount=2`, /Plan|Risk/);
    expect(asked.before).toBe(0);
    expect(asked.reads.length).toBeGreaterThan(0);
  });
});
