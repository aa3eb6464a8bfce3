// Secrets never leave the process: a release of the fixture chart `secrets`, with a credential
// in every place charts put one and a crashing container whose log prints more, is read every
// way, planned, changed and audited through the whole bot; then everything the fake Slack
// recorded and everything the process wrote (log lines, the audit stream, /metrics) is searched
// for each planted secret, its base64 and its last 12 characters.
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../src/helm/helm-client.ts";
import { createJsonLog } from "../../src/observe/log.ts";
import { loadPolicy } from "../../src/policy/load-policy.ts";
import { createNamespace, deleteNamespace, kubectl } from "../support/cluster.ts";
import { createTestHelm, isolatedHelmEnv } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import { ALICE, BOB, CHANNEL, type Harness, startHarness, textOf } from "./e2e-support.ts";
import {
  CHART_SECRETS,
  findLeaks,
  LOG_SECRETS,
  type Planted,
  runSecret,
} from "./planted-secrets.ts";

// Changes must be allowed here (the built-in policy only reads); approvers are anyone but the
// requester.
const POLICY = `
channels:
  "*":
    namespaces: ["*"]
    mutationNamespaces: ["*"]
    operations: [list, status, history, values, manifest, diagnose, upgrade, rollback, uninstall, set-values]
    readOnly: false
protectedNamespaces: []
planTtlMinutes: 30
`;

const RELEASE = "ledger";

// Set at install, typed into requests: secrets of this run only.
const INSTALLED = {
  auth: runSecret("user value auth.password.value"),
  db: runSecret("user value db.password"),
  deep: runSecret("user value deep.nested.level3.clientSecret"),
  hook: runSecret("user value integrations.alerts.endpoint (webhook URL)"),
  ini: runSecret("user value legacy.settings (ini admin_password)"),
};
const TYPED = {
  mention: runSecret("typed in a set-values mention"),
  command: runSecret("typed in a /helm set command"),
  cli: runSecret("typed in wheelhouse plan and analyze"),
};
const TYPED_SECRETS: Planted[] = Object.values(TYPED);
const ALL: Planted[] = [
  ...CHART_SECRETS,
  ...LOG_SECRETS,
  ...Object.values(INSTALLED),
  ...Object.values(TYPED),
];

async function installLedger(helm: HelmClient, namespace: string): Promise<void> {
  await helm.mutate({
    kind: "install",
    release: { name: RELEASE, namespace },
    chart: "fixtures/secrets",
    version: "1.0.0",
    values: {
      auth: { password: { value: INSTALLED.auth.value } },
      db: { password: INSTALLED.db.value },
      deep: { nested: { level3: { clientSecret: INSTALLED.deep.value } } },
      integrations: {
        alerts: { endpoint: `https://hooks.slack.com/services/T0A1/B0B2/${INSTALLED.hook.value}` },
      },
      legacy: { settings: `[admin]\nadmin_password = ${INSTALLED.ini.value}\n` },
    },
    // The pod crash-loops by design: nothing would ever be ready.
    wait: false,
  });
}

const base64 = (text: string) => Buffer.from(text).toString("base64");

async function ledgerPod(namespace: string): Promise<string> {
  const pods = await kubectl(["get", "pods", "-n", namespace, "-o", "name"]);
  return pods.stdout.split("\n").find((p) => p.startsWith("pod/ledger-")) ?? "";
}

// The crashed container's log as the cluster serves it: the secrets must really be there to find.
async function crashLog(namespace: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pod = await ledgerPod(namespace);
    const crashed = pod
      ? await kubectl(["logs", "-n", namespace, pod, "-c", "ledger-leaky", "--previous"], {
          reject: false,
        })
      : null;
    if (crashed && crashed.exitCode === 0 && crashed.stdout !== "") return crashed.stdout;
    if (Date.now() > deadline) throw new Error("the ledger pod never crashed with a log");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// The real `wheelhouse` command, as a person runs it against the same cluster and repository.
async function cliRunner(chartRepoUrl: string) {
  const helmEnv = await isolatedHelmEnv();
  await execa(env.helm4Bin, ["repo", "add", "fixtures", chartRepoUrl], { env: helmEnv });
  const main = join(import.meta.dirname, "..", "..", "src", "cli", "main.ts");
  return async (...args: string[]) => {
    const run = await execa(process.execPath, [main, ...args], {
      env: { ...helmEnv, KUBECONFIG: env.kubeconfig, HELM_BIN: env.helm4Bin },
      reject: false,
      timeout: 120_000,
    });
    // Only what the process printed is searched: the words typed are the test's, not its output.
    return `$ wheelhouse ${args[0]} (exit ${run.exitCode})\n${run.stdout}\n${run.stderr}`;
  };
}

describe("secrets never leave the process", () => {
  let h: Harness;
  let namespace: string;
  const logLines: string[] = [];
  const cliOutput: string[] = [];
  let on: string;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-secrets");
    on = `${RELEASE} in ${namespace}`;
    await installLedger(helm, namespace);
    const log = await crashLog(namespace);
    if (!log.includes("log of container ledger-leaky")) {
      throw new Error(
        "the test cluster serves the default log for container ledger-leaky: it was started before scripts/cluster/up.sh served test/fixtures/cluster/logs/ledger-*.txt; restart it with scripts/cluster/down.sh && scripts/cluster/up.sh",
      );
    }
    const dir = await mkdtemp(join(tmpdir(), "wheelhouse-secrets-"));
    await writeFile(join(dir, "policy.yaml"), POLICY);
    h = await startHarness("secrets", helm, {
      policy: await loadPolicy(join(dir, "policy.yaml")),
      // helm returns at once (its NOTES shown); the worker's own check then finds the crash.
      wait: false,
      timeoutSeconds: 30,
      log: createJsonLog("debug", (line) => logLines.push(line)),
    });
  });
  afterAll(async () => {
    await h?.close();
    await deleteNamespace(namespace);
  });

  it("has every secret planted where the bot will read it", async () => {
    const release = { name: RELEASE, namespace };
    const upgradeTemplates = join(env.chartsDir, "secrets-1.1.0", "templates");
    const pod = await ledgerPod(namespace);
    const current = await kubectl(["logs", "-n", namespace, pod, "-c", "ledger-leaky"]);
    const sources = [
      await h.helm.getManifest(release),
      JSON.stringify(await h.helm.getValues(release, { all: true })),
      JSON.stringify(await h.helm.showValues("fixtures/secrets", "1.0.0")),
      JSON.stringify(await h.helm.showValues("fixtures/secrets", "1.1.0")),
      await crashLog(namespace),
      current.stdout,
      // What the upgrade's dry run renders.
      ...(await Promise.all(
        (await readdir(upgradeTemplates)).map((f) => readFile(join(upgradeTemplates, f), "utf8")),
      )),
    ].join("\n");
    const missing = ALL.filter((s) => !TYPED_SECRETS.includes(s))
      .filter((s) => !sources.includes(s.value) && !sources.includes(base64(s.value)))
      .map((s) => s.where);
    expect(missing).toEqual([]);
  });

  it("answers every read, keeping names of secrets visible", async () => {
    const values = await h.reply(await h.ask(`values ${on}`), /Values you set/);
    const all = await h.reply(await h.ask(`all values of ${on}`), /All values/);
    const manifestThread = await h.ask(`manifest ${on}`);
    await h.reply(manifestThread, /Manifest of/);
    const file = await h.slack.waitFor("the manifest file", () =>
      h.slack
        .thread(CHANNEL, manifestThread)
        .flatMap((m) => m.files)
        .find((f) => f.filename.endsWith("-manifest.yaml") && f.content !== ""),
    );
    // Status shows the chart's NOTES.txt, where the admin password is printed.
    await h.reply(await h.ask(`status ${on}`), /revision 1[\s\S]*is installed as/);
    await h.reply(await h.ask(`history ${on}`), /History of/);
    await h.reply(await h.ask(`why is ${on} failing?`), /not healthy/);
    expect(textOf(values)).toContain("REDACTED");
    expect(file.content).toContain("kind: Secret");
    expect(file.content).toContain("name: ledger-db");
    // Names of secrets are not secrets: soft, so every read above still runs and is searched.
    expect.soft(textOf(all)).toContain("existingSecret: ledger-db-creds");
    expect.soft(textOf(all)).toContain("passwordPolicy: strict");
    expect.soft(textOf(all)).toContain("secretName: ledger-tls");
  });

  it("plans a set-values that changes a secret, runs it and reports the crash", async () => {
    const thread = await h.ask(`set auth.password.value=${TYPED.mention.value} on ${on}`);
    const plan = await h.plan(thread);
    expect(textOf(plan.message)).toContain("auth.password.value");
    await h.approve(plan.id, BOB, plan.message);
    const result = await h.result(thread, plan.id);
    expect(textOf(result)).toContain("CrashLoopBackOff");
    // The ledger log reached the thread (its harmless last line), with its credentials hidden.
    expect(textOf(result)).toContain("cannot reach its database");
    await h.plan(thread, 1, 60_000);
  });

  it("plans an upgrade to 1.1.0 with values and manifest diffs", async () => {
    const thread = await h.ask(`upgrade ${on} to 1.1.0`);
    const { message } = await h.plan(thread);
    expect(textOf(message)).toContain("1.1.0");
  });

  it("echoes /helm commands and answers /helm audit", async () => {
    await h.slack.command(
      `set ${RELEASE} -n ${namespace} --set auth.password.value=${TYPED.command.value}`,
      ALICE,
      CHANNEL,
    );
    await h.slack.command(`audit ${RELEASE} -n ${namespace}`, ALICE, CHANNEL);
    const audit = await h.slack.waitFor("the audit answer", () =>
      h.slack
        .callsTo("chat.postMessage")
        .find((c) => String(c.args.text).startsWith("Audit trail")),
    );
    expect(String(audit.args.text)).toContain(RELEASE);
    await h.bot.app?.idle();
  });

  it("prints them on no command line: reads, plan, analyze", async () => {
    const wheelhouse = await cliRunner(inject("chartRepoUrl"));
    const release = [RELEASE, "-n", namespace];
    for (const read of ["values", "status", "history", "manifest"])
      cliOutput.push(await wheelhouse(read, ...release));
    cliOutput.push(await wheelhouse("values", ...release, "--all"));
    const set = `set auth.password.value=${TYPED.cli.value} on ${on}`;
    cliOutput.push(await wheelhouse("plan", "--json", set));
    cliOutput.push(await wheelhouse("plan", `upgrade ${on} to 1.1.0`));
    cliOutput.push(await wheelhouse("analyze", set));
    const text = cliOutput.join("\n");
    expect(text).toContain("kind: ConfigMap");
    expect(text).toContain('"operation": "set-values"');
    expect(text).toContain("PLAN upgrade ledger");
    expect(text).toContain("(exit 0)");
  });

  it("wrote none of them anywhere: Slack, files, metadata, logs, audit, metrics, CLI", async () => {
    const recorded = await (
      await fetch(`${h.slack.origin}/_fake/messages?channel=${CHANNEL}`)
    ).json();
    const botOnly = JSON.stringify(recorded, (key, value) =>
      key === "messages" && Array.isArray(value)
        ? value.filter((m) => typeof m === "object" && m !== null && m.user === h.slack.botUserId)
        : value,
    );
    const stream = await h.redis.xrange(`${h.prefix}:audit`, "-", "+");
    const outputs = {
      "Slack Web API calls": JSON.stringify(h.slack.calls),
      "Slack messages and files": botOnly,
      "the structured log": logLines.join("\n"),
      "the audit stream": JSON.stringify(stream),
      "/metrics": await h.bot.metrics.render(),
      "the command line": cliOutput.join("\n"),
    };
    if (process.env.WHEELHOUSE_E2E_PRINT) {
      const file = join(tmpdir(), `wheelhouse-secrets-${namespace}.json`);
      await writeFile(file, JSON.stringify(outputs, null, 2));
      process.stdout.write(`\nwhat the bot wrote: ${file}\n`);
    }
    expect(logLines.length).toBeGreaterThan(10);
    expect(stream.length).toBeGreaterThan(5);
    expect(findLeaks(ALL, outputs)).toEqual([]);
  });
});
