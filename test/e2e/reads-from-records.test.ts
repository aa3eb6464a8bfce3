// /helm status, history, values and manifest answered from helm's release records render the
// same Slack answers, files included, as when helm answers them, for helm 4 and helm 3: a release
// of the fixture chart `secrets` with a credential in every place charts put one, at its second
// revision; and no planted secret, in any form, is in either bot's answers.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmCall, HelmClient } from "../../src/helm/helm-client.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm, HELM_BINARIES } from "../support/helm-fixture.ts";
import { ALICE, CHANNEL, type Harness, startHarness } from "./e2e-support.ts";
import { CHART_SECRETS, findLeaks, runSecret } from "./planted-secrets.ts";

const RELEASE = "keeper";
const INSTALLED = {
  auth: runSecret("user value auth.password.value"),
  db: runSecret("user value db.password"),
  deep: runSecret("user value deep.nested.level3.clientSecret"),
};

async function installKeeper(helm: HelmClient, namespace: string): Promise<void> {
  const release = { name: RELEASE, namespace };
  await helm.mutate({
    kind: "install",
    release,
    chart: "fixtures/secrets",
    version: "1.0.0",
    values: {
      auth: { password: { value: INSTALLED.auth.value } },
      db: { password: INSTALLED.db.value },
      deep: { nested: { level3: { clientSecret: INSTALLED.deep.value } } },
    },
    wait: false,
  });
  // Revision 1 superseded: the answers are of revision 2.
  await helm.mutate({
    kind: "upgrade",
    release,
    chart: "fixtures/secrets",
    version: "1.1.0",
    valuesStrategy: "reuse",
    set: { replicaCount: 1 },
    wait: false,
  });
}

// The whole thread a /helm command opens, once its answer is in: every message and file.
async function answerOf(h: Harness, words: string, answer: RegExp): Promise<string[]> {
  const response = await h.slack.command(words, ALICE, CHANNEL);
  expect(response.status).toBe(200);
  const echo = await h.slack.waitFor(`the echo of ${words}`, () =>
    h.slack
      .callsTo("chat.postMessage")
      .find((c) => c.args.thread_ts === undefined && String(c.args.text).includes(words)),
  );
  const ts = String(echo.response.ts);
  await h.reply(ts, answer);
  await h.bot.app?.idle();
  return h.slack
    .thread(CHANNEL, ts)
    .filter((m) => m.user === h.slack.botUserId)
    .map((m) => {
      const files = m.files.map(({ filename, title, content }) => ({ filename, title, content }));
      // Block and file ids are random per message: everything else is compared.
      return JSON.stringify({ text: m.text, blocks: m.blocks, files }, (key, value) =>
        key === "block_id" ? undefined : value,
      );
    });
}

describe.each(HELM_BINARIES)("/helm reads from release records, $label", ({ bin, major }) => {
  let namespace: string;
  let helmRuns: string[];
  let fromRecords: Harness;
  let fromHelm: Harness;

  beforeAll(async () => {
    helmRuns = [];
    const record = (call: HelmCall) => helmRuns.push(call.subcommand);
    const helm = await createTestHelm(bin, inject("chartRepoUrl"), { onCall: record });
    namespace = await createNamespace(`e2e-records${major}`);
    await installKeeper(helm, namespace);
    [fromRecords, fromHelm] = await Promise.all([
      startHarness(`records${major}`, helm, { role: "app" }),
      startHarness(`helm${major}`, helm, { role: "app", recordReads: false }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([fromRecords?.close(), fromHelm?.close()]);
    await deleteNamespace(namespace);
  });

  it("renders the same answers as helm, with no secret in them", async () => {
    const cases = [
      { op: "status", answer: /at revision 2/, helm: "status" },
      { op: "history", answer: /History of/, helm: "history" },
      { op: "values", answer: /Values you set/, helm: "get-values" },
      { op: "manifest", answer: /Manifest of/, helm: "get-manifest" },
    ];
    const outputs: Record<string, string> = {};
    for (const c of cases) {
      const words = `${c.op} ${RELEASE} -n ${namespace}`;
      const before = helmRuns.length;
      const recorded = await answerOf(fromRecords, words, c.answer);
      const records = helmRuns.slice(before).filter((s) => s !== "list");
      const middle = helmRuns.length;
      const helmed = await answerOf(fromHelm, words, c.answer);
      const helm = helmRuns.slice(middle).filter((s) => s !== "list");
      expect(recorded, words).toEqual(helmed);
      // The records answered: no helm process for this read, where helm ran one.
      expect(records, words).toEqual([]);
      expect(helm, words).toEqual([c.helm]);
      outputs[`${c.op} from records`] = recorded.join("\n");
      outputs[`${c.op} from helm`] = helmed.join("\n");
    }
    expect(outputs["manifest from records"]).toContain("REDACTED");
    expect(findLeaks([...CHART_SECRETS, ...Object.values(INSTALLED)], outputs)).toEqual([]);
  });
});
