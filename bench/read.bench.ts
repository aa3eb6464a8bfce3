// read_vs_helm: a read answered in Slack against the same helm command run directly. Measured:
// from sending a signed `/helm status|history|values <release> -n <ns>` to the fake Slack Web API
// receiving the answer in the request's thread, through the real bot (startBot, app role) with
// real helm on the test cluster and real Redis; the bot answers from helm's release records
// (reads-from-records.ts), as in production. Baseline: `helm status|history|get values -o json`
// with the argv the bot builds. Measured and baseline rounds are interleaved (order alternating).
// BENCH_ROUNDS sets the rounds per case.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { startBot } from "../src/app/start-bot.ts";
import { analyzeIntent, intentWithoutModel } from "../src/intent/analyze-intent.ts";
import { withApiReads } from "../src/kube/api-backed-reader.ts";
import { KubectlLogReader } from "../src/kube/kubectl-logs.ts";
import type { HelmOperation } from "../src/model/helm-operation.ts";
import type { ReleaseRef } from "../src/model/release.ts";
import { silentLog } from "../src/observe/log.ts";
import { startFakeSlack } from "../test/support/fake-slack-api.ts";
import { OPEN_POLICY } from "../test/support/open-policy.ts";
import { testEnvironment as env } from "../test/support/test-environment.ts";
import { TEST_PLAN_KEY } from "../test/support/test-plan-key.ts";
import { type Figure, ratio, reportFigures } from "./lib/figure.ts";
import { loadNote, startHelmBenchParts } from "./lib/helm-bench-parts.ts";
import { summarize } from "./lib/stats.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const WARMUP = 3;
const CHANNEL = "C0BENCHREAD";
const USER = "U0READER";

const TRACE = process.env.BENCH_TRACE === "1";
// BENCH_TRACE=1: every helm process the bot runs, with when it ended (Date.now()).
const helmCalls: { subcommand: string; end: number; ms: number }[] = [];
const parts = await startHelmBenchParts("read", (call) => {
  if (TRACE)
    helmCalls.push({ subcommand: call.subcommand, end: Date.now(), ms: call.seconds * 1000 });
});
const { helm, namespace } = parts;
const release: ReleaseRef = { name: "bench-read", namespace };
const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
const prefix = `wh-bench-read-${randomBytes(4).toString("hex")}`;
const slack = await startFakeSlack();
const figures: Figure[] = [];

// What the bot runs for each read (answer-read.ts): the baseline runs exactly this argv.
const CASES: { name: "status" | "history" | "values"; operation: HelmOperation }[] = [
  { name: "status", operation: { kind: "status", release } },
  { name: "history", operation: { kind: "history", release, max: 20 } },
  { name: "values", operation: { kind: "get-values", release, all: false } },
];

let bot: Awaited<ReturnType<typeof startBot>> | null = null;
try {
  await parts.install(release, "fixtures/webapp", "1.0.0");
  bot = await startBot({
    role: "app",
    config: {
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: 0,
    },
    redis,
    connection: { url: env.redisUrl, maxRetriesPerRequest: null },
    prefix,
    cluster: "bench",
    helm,
    // As start-command builds it: helm's release records read in-process, /helm reads from them.
    kube: withApiReads(parts.kube, { kubeconfig: parts.kubeconfig }),
    logs: new KubectlLogReader({ bin: env.kubectlBin, kubeconfig: parts.kubeconfig }),
    policy: OPEN_POLICY,
    planKey: TEST_PLAN_KEY,
    analyze: async (text, inventory) => (await analyzeIntent(text, inventory)).intent,
    intentWithoutModel: (text, inventory) => intentWithoutModel(text, inventory),
    log: silentLog,
  });
  slack.connect(`http://127.0.0.1:${bot.port}/slack/events`);

  for (const c of CASES) {
    const argv = helm.argvFor(c.operation);
    const asked = `${c.name} ${release.name} -n ${namespace}`;
    const expected = c.name === "values" ? /values/i : new RegExp(release.name);
    const inSlack = () => askInSlack(asked, expected);
    const direct = async () => {
      const start = performance.now();
      await parts.helmDirect(argv);
      return performance.now() - start;
    };
    const slackTimes: number[] = [];
    const helmTimes: number[] = [];
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const slackFirst = round % 2 === 0;
      const a = await (slackFirst ? inSlack() : direct());
      const b = await (slackFirst ? direct() : inSlack());
      if (round < WARMUP) continue;
      slackTimes.push(slackFirst ? a : b);
      helmTimes.push(slackFirst ? b : a);
    }
    const measured = summarize(slackTimes);
    const baseline = summarize(helmTimes);
    const value = ratio(measured.p50, baseline.p50);
    console.error(
      `read_vs_helm [${c.name}]: ${value} (Slack p50 ${measured.p50.toFixed(0)} ms, helm p50 ${baseline.p50.toFixed(0)} ms; ${loadNote()})`,
    );
    figures.push({
      key: "read_vs_helm",
      case: c.name,
      value,
      unit: "ratio",
      target: { max: 1.1 },
      measured: { label: `/helm ${c.name} answered in Slack`, stats: measured },
      baseline: { label: `helm ${argv.slice(0, 2).join(" ")} … -o json`, stats: baseline },
      note: `${ROUNDS} interleaved rounds after ${WARMUP} warm-up; ${loadNote()}; helm ${helm.version}`,
      raw: { slackMs: slackTimes, helmMs: helmTimes, argv },
    });
  }
} finally {
  await bot?.close();
  await slack.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await parts.close();
}
reportFigures(figures);

// Sends the signed slash command and waits for the answer in the thread the bot opened for it;
// the time is the fake Web API's own record of when the answer arrived.
async function askInSlack(text: string, expected: RegExp): Promise<number> {
  const before = slack.calls.length;
  const startedAt = Date.now();
  const response = await slack.command(text, USER, CHANNEL);
  if (response.status !== 200) throw new Error(`the bot answered ${response.status} to ${text}`);
  const answer = await slack.waitFor(
    `the answer to ${text}`,
    () =>
      slack.calls
        .slice(before)
        .find(
          (call) =>
            call.method === "chat.postMessage" &&
            typeof call.args.thread_ts === "string" &&
            expected.test(JSON.stringify(call.args)),
        ),
    30_000,
  );
  if (answer.response.ok !== true) throw new Error(`the fake Slack refused the answer to ${text}`);
  if (TRACE) traceRequest(text, startedAt, before, answer.at);
  // The fake records Date.now() when the answer arrives: the same clock at both ends.
  return answer.at - startedAt;
}

function traceRequest(text: string, startedAt: number, callsBefore: number, answeredAt: number) {
  const echo = slack.calls
    .slice(callsBefore)
    .find((call) => call.method === "chat.postMessage" && call.args.thread_ts === undefined);
  const helmRuns = helmCalls
    .filter((call) => call.end >= startedAt && call.end <= answeredAt)
    .map(
      (call) =>
        `${call.subcommand} ${(call.end - call.ms - startedAt).toFixed(0)}→${call.end - startedAt}`,
    );
  console.error(
    `  ${text}: echo at ${echo ? echo.at - startedAt : "?"} ms; helm ${helmRuns.join(", ") || "none (release records)"}; answer at ${answeredAt - startedAt} ms`,
  );
}
