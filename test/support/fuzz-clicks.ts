// Button payloads as an attacker (or a confused Slack client) could send them, signed like
// Slack's: tampered plan ids, a plan's button pressed by someone else, from another channel,
// by its requester, and replays after a decision. Returns every property broken: a 5xx, a click
// nobody answered, a job enqueued or a change run that should not have been.
import { Queue } from "bullmq";
import { EXECUTION_QUEUE_NAME } from "../../src/exec/execution-job.ts";
import { ACTION_APPROVE, ACTION_REJECT } from "../../src/render/message.ts";
import { ALICE, BOB, CHANNEL, type Harness, MALLORY } from "../e2e/e2e-support.ts";
import type { FakeMessage } from "./fake-slack-api.ts";
import type { HelmRecorder } from "./fuzz-helm-recorder.ts";
import { caseRandom, type FuzzSettings, type Random } from "./fuzz-random.ts";
import { blockActionsForm, sendSigned } from "./slack-requests.ts";
import { testEnvironment as env } from "./test-environment.ts";

const ELSEWHERE = "C0ELSEWHERE";

export async function queuedJobs(prefix: string): Promise<number> {
  const queue = new Queue(EXECUTION_QUEUE_NAME, { connection: { url: env.redisUrl }, prefix });
  try {
    const counts = await queue.getJobCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
  }
}

// Near misses of a real plan id, and values that are no plan id at all (up to the 2,000
// characters Slack allows in a button value; longer ones Slack never sends, and are dropped).
function tamperedId(r: Random, id: string): string {
  const at = r.int(id.length);
  const other = "AbZ09_-x".charAt(r.int(8));
  return r.pick([
    `${id.slice(0, at)}${other}${id.slice(at + 1)}`,
    id.slice(0, at) + id.slice(at + 1),
    `${id}${other}`,
    id.toUpperCase(),
    id.toLowerCase(),
    ` ${id}`,
    `${id}\u200b`,
    `${id.slice(0, at)}\u0430${id.slice(at + 1)}`,
    Array.from({ length: 12 }, () => "ABCDEFGHabcdefgh0123_-".charAt(r.int(22))).join(""),
    "",
    "x".repeat(2000),
    "<!channel>",
    `{"planId":"${id}"}`,
    `${id},${id}`,
    "../../etc/passwd",
    "null",
    "__proto__",
    "A00000000000",
  ]);
}

export async function clickProblems(
  h: Harness,
  recorder: HelmRecorder,
  release: { name: string; namespace: string },
  settings: FuzzSettings,
): Promise<string[]> {
  const problems: string[] = [];
  const target = { url: h.eventsUrl, signingSecret: h.slack.signingSecret };
  const told = (user: string, channel = CHANNEL) =>
    h.slack.ephemerals.filter((e) => e.user === user && e.channel === channel).length;
  const click = async (
    what: string,
    action: string,
    value: string,
    user: string,
    message: FakeMessage,
    expectNote = true,
  ) => {
    const before = told(user, message.channel);
    const response = await h.slack.click(action, value, user, message);
    await h.bot.app?.idle();
    if (response.status !== 200) problems.push(`${what}: HTTP ${response.status}`);
    if (expectNote && told(user, message.channel) === before) problems.push(`${what}: no answer`);
  };
  const reads = new Set(["list", "status", "history", "get", "search", "show"]);
  const changes = async () =>
    (await recorder.calls()).filter(
      (argv) => !reads.has(argv[0] ?? "") && !argv.some((x) => x.startsWith("--dry-run")),
    );

  const [a, b] = await Promise.all([
    h
      .ask(`upgrade ${release.name} -n ${release.namespace} to 1.1.0`)
      .then((t) => h.plan(t).then((p) => ({ ...p, thread: t }))),
    h
      .ask(`set replicaCount=2 on ${release.name} -n ${release.namespace}`)
      .then((t) => h.plan(t).then((p) => ({ ...p, thread: t }))),
  ]);
  await recorder.clear();

  // Tampered ids, pressed by people with no say at all: "no such plan", privately, in batches.
  const tampered = Array.from({ length: Math.max(20, Math.round(settings.runs / 4)) }, (_, i) => {
    const r = caseRandom(settings.seed ^ 0x5eed, i);
    return {
      value: tamperedId(r, a.id),
      action: r.pick([ACTION_APPROVE, ACTION_REJECT]),
      user: `U0FUZZ${i}`,
    };
  }).filter((t) => t.value !== a.id && t.value !== b.id);
  for (let i = 0; i < tampered.length; i += 10) {
    const batch = tampered.slice(i, i + 10);
    const responses = await Promise.all(
      batch.map((t) => h.slack.click(t.action, t.value, t.user, a.message)),
    );
    await h.bot.app?.idle();
    responses.forEach((response, k) => {
      const t = batch[k];
      if (!t) return;
      if (response.status !== 200)
        problems.push(`tampered ${JSON.stringify(t.value.slice(0, 40))}: HTTP ${response.status}`);
      if (told(t.user) === 0)
        problems.push(`tampered ${JSON.stringify(t.value.slice(0, 40))}: no answer`);
    });
  }

  // The real plan, by the wrong people or from the wrong place: refused, privately.
  const elsewhere = { ...a.message, channel: ELSEWHERE };
  await click("another member approves", ACTION_APPROVE, a.id, MALLORY, a.message);
  await click("another member rejects", ACTION_REJECT, a.id, MALLORY, a.message);
  await click("the approver, from another channel", ACTION_APPROVE, a.id, BOB, elsewhere);
  await click("the requester approves", ACTION_APPROVE, a.id, ALICE, a.message);
  await click("plan B's id on plan A's message", ACTION_APPROVE, b.id, MALLORY, a.message);
  if ((await queuedJobs(h.prefix)) !== 0) problems.push("a refused click enqueued a job");
  for (const p of [a, b])
    if ((await h.bot.store.get(p.id))?.state !== "awaiting_approval")
      problems.push(`plan ${p.id} moved on a refused click`);

  // Approved once; every replay after that is answered, and nothing runs again.
  const approval = blockActionsForm({
    actionId: ACTION_APPROVE,
    value: a.id,
    user: BOB,
    message: { channel: CHANNEL, ts: a.message.ts, threadTs: a.message.threadTs },
  });
  const first = await sendSigned(target, approval, "application/x-www-form-urlencoded");
  if (first.status !== 200) problems.push(`the approval: HTTP ${first.status}`);
  await h.result(a.thread, a.id);
  for (const retry of [undefined, 1]) {
    const before = told(BOB);
    const again = await sendSigned(
      target,
      approval,
      "application/x-www-form-urlencoded",
      retry ? { retryNum: retry } : {},
    );
    await h.bot.app?.idle();
    if (again.status !== 200 || told(BOB) === before)
      problems.push(
        `the approval replayed (retry ${retry}): HTTP ${again.status}, answered ${told(BOB) > before}`,
      );
  }
  await click("the requester, after the approval", ACTION_APPROVE, a.id, ALICE, a.message);
  await click("another member, after the approval", ACTION_APPROVE, a.id, MALLORY, a.message);
  await click("the approver rejects after approving", ACTION_REJECT, a.id, BOB, a.message);
  await click("the approver, from another channel, after", ACTION_APPROVE, a.id, BOB, elsewhere);

  // Rejected: approving it later runs nothing.
  await click("the approver rejects plan B", ACTION_REJECT, b.id, BOB, b.message, false);
  await click(
    "the approver approves plan B after rejecting it",
    ACTION_APPROVE,
    b.id,
    BOB,
    b.message,
  );
  await click("the requester approves plan B after", ACTION_APPROVE, b.id, ALICE, b.message);
  if ((await h.bot.store.get(b.id))?.state !== "rejected") problems.push("plan B is not rejected");

  const ran = await changes();
  if (ran.length !== 1 || ran[0]?.[0] !== "upgrade")
    problems.push(`changes run: ${JSON.stringify(ran)}, expected one upgrade`);
  if ((await queuedJobs(h.prefix)) !== 1)
    problems.push(`${await queuedJobs(h.prefix)} jobs enqueued, expected 1`);
  return problems;
}
