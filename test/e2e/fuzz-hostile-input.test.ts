// Hostile input through the whole bot: signed requests to the real Bolt HTTP app, the fake
// Slack, Redis, helm 4 behind a recording shim on the test cluster, an explicit policy file.
// Unsigned or mis-stamped requests get 401; hostile mentions and /helm text always get an answer
// in their thread and start no helm process when refused; tampered, misplaced and replayed
// button clicks get a private answer and never run anything twice.
// WHEELHOUSE_FUZZ_E2E_RUNS sets the text count (default 200), WHEELHOUSE_FUZZ_SEED replays.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadPolicy } from "../../src/policy/load-policy.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { chooseChatCases, sendChatBatch } from "../support/fuzz-chat.ts";
import { clickProblems, queuedJobs } from "../support/fuzz-clicks.ts";
import { createHelmRecorder, type HelmRecorder } from "../support/fuzz-helm-recorder.ts";
import { fuzzSettings, replayHint } from "../support/fuzz-random.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { mentionPayload, sendSigned, signRequest } from "../support/slack-requests.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import { loadInventory } from "../unit/intent/fixtures.ts";
import { ALICE, CHANNEL, type Harness, installWebapp, startHarness } from "./e2e-support.ts";

const RUNS = "WHEELHOUSE_FUZZ_E2E_RUNS";
describe("fuzz: hostile input through the Slack app", () => {
  const settings = fuzzSettings(200, RUNS);
  let h: Harness;
  let recorder: HelmRecorder;
  let namespace: string;
  // Unique per run: a release left by an earlier run (its namespace still terminating) would
  // make the name ambiguous.
  let release: string;
  const errors: string[] = [];

  beforeAll(async () => {
    recorder = await createHelmRecorder(env.helm4Bin);
    const helm = await createTestHelm(recorder.bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-fuzz");
    release = `fuzzapp-${namespace.slice(-6)}`;
    await installWebapp(helm, release, namespace);
    const dir = await mkdtemp(join(tmpdir(), "wheelhouse-fuzz-policy-"));
    const file = join(dir, "policy.yaml");
    await writeFile(
      file,
      [
        "protectedNamespaces: []",
        "channels:",
        `  ${CHANNEL}: { namespaces: [${namespace}], mutationNamespaces: [${namespace}], operations: [list, status, history, values, manifest, diagnose, upgrade, rollback, uninstall, set-values], approvers: { users: [U0BOB] } }`,
        `  C0ELSEWHERE: { readOnly: true, namespaces: [${namespace}] }`,
        "",
      ].join("\n"),
    );
    const log = (level: string, msg: string, fields?: Record<string, unknown>) => {
      if (level === "error") errors.push(`${msg} ${JSON.stringify(fields ?? {})}`);
    };
    h = await startHarness("fuzz", helm, { policy: await loadPolicy(file), log });
    await recorder.clear();
  });
  afterAll(async () => {
    await h?.close();
    await recorder?.close();
    if (namespace) await deleteNamespace(namespace);
  });

  it("refuses forged, unsigned, stale and future-stamped requests with 401, on every route", async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify(
      mentionPayload({
        text: `uninstall ${release} -n ${namespace}`,
        user: ALICE,
        channel: CHANNEL,
        botUserId: h.slack.botUserId,
      }),
    );
    const target = { url: h.eventsUrl, signingSecret: h.slack.signingSecret };
    const send = (headers: Record<string, string>, url = h.eventsUrl) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      }).then((r) => r.status);
    const health = (headers: Record<string, string>) =>
      fetch(h.eventsUrl.replace("/slack/events", "/healthz"), { headers }).then((r) => r.status);
    const signed = (at: number) => ({
      "x-slack-request-timestamp": String(at),
      "x-slack-signature": signRequest(h.slack.signingSecret, at, body),
    });
    const statuses = {
      forged: await send({
        ...signed(now),
        "x-slack-signature": signRequest("not-the-secret", now, body),
      }),
      unsigned: await send({ "x-slack-request-timestamp": String(now) }),
      unstamped: await send({ "x-slack-signature": signRequest(h.slack.signingSecret, now, body) }),
      stale: await send(signed(now - 6 * 60)),
      future: await send(signed(now + 6 * 60)),
      farFuture: await send(signed(now + 365 * 86_400)),
      futureOnACustomRoute: await health({ "x-slack-request-timestamp": String(now + 6 * 60) }),
      customRoute: await health({}),
    };
    expect(statuses).toEqual({
      forged: 401,
      unsigned: 401,
      unstamped: 401,
      stale: 401,
      future: 401,
      farFuture: 401,
      futureOnACustomRoute: 401,
      customRoute: 200,
    });
    // Within Slack's five minutes either way, a signed request is served.
    const ahead = await sendSigned(
      target,
      JSON.stringify(
        mentionPayload({
          text: "help",
          user: ALICE,
          channel: CHANNEL,
          botUserId: h.slack.botUserId,
        }),
      ),
      "application/json",
      { timestamp: now + 4 * 60 },
    );
    expect(ahead.status).toBe(200);
    await h.bot.app?.idle();
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(1);
    expect((await recorder.calls()).filter((argv) => argv[0] !== "list")).toEqual([]);
  });

  it(`answers ${settings.runs} hostile mentions and /helm commands, running helm only for what it may (seed ${settings.seed})`, async () => {
    // Release names to type: this run's, and those of the fixture that no other test has installed
    // (what the bot does with those does not depend on what other tests do meanwhile).
    const cluster = await h.helm.list();
    const ours = cluster.filter((r) => r.namespace === namespace);
    const names = [
      // Named often enough that reads and plans fill their quotas.
      ...Array.from({ length: 8 }, () => ours).flat(),
      ...loadInventory("shared-inventory.json").filter(
        (r) => !cluster.some((c) => c.name === r.name),
      ),
    ];
    // The bot reads with what the channel may see (its policy names this namespace only).
    const { cases, taken } = chooseChatCases(settings, names, ours, {
      namespace,
      botUserId: h.slack.botUserId,
    });
    // The quiet ones in parallel batches; reads and plans one at a time, so that each helm
    // call is blamed on the text that caused it.
    const quiet = cases.filter((c) => c.kind === "quiet");
    const batches = [
      ...Array.from({ length: Math.ceil(quiet.length / 10) }, (_, b) =>
        quiet.slice(b * 10, b * 10 + 10),
      ),
      ...cases.filter((c) => c.kind !== "quiet").map((c) => [c]),
    ];
    const started = performance.now();
    const failures: string[] = [];
    let helmCalls = 0;
    let plans = 0;
    for (const batch of batches) {
      const result = await sendChatBatch(h, recorder, CHANNEL, ALICE, batch);
      failures.push(...result.failures);
      helmCalls += result.helmCalls;
      plans += result.plans;
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `fuzz e2e: seed ${settings.seed}, ${cases.length} texts in ${seconds.toFixed(1)} s ` +
        `(${Math.round(cases.length / seconds)}/s), ${JSON.stringify(taken)}, ${helmCalls} helm calls checked, ${plans} plans\n`,
    );
    expect(
      failures.slice(0, 10),
      `${failures.length} failures; ${replayHint(settings, RUNS)}`,
    ).toEqual([]);
    expect(errors).toEqual([]);
    // The run reached helm, or it proved little; nobody clicked, so nothing runs.
    expect(taken.read + taken.plan).toBeGreaterThan(0);
    expect(helmCalls).toBeGreaterThan(0);
    expect(await queuedJobs(h.prefix)).toBe(0);
  });

  it("answers tampered, misplaced and replayed clicks privately, and runs an approved plan once", async () => {
    const problems = await clickProblems(h, recorder, { name: release, namespace }, settings);
    expect(problems, replayHint(settings, RUNS)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
