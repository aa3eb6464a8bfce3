// The seed journeys, end to end on the real cluster through the whole bot: a person says what is
// wrong in plain words; the diagnosis (helm's own states and history, the workloads, pods,
// events and logs) finds why and which revision brought it; its recommendation arrives as a
// real plan in the same thread; approved by someone else, it runs and the release is healthy.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../src/helm/helm-client.ts";
import { percentile } from "../integration/alerts/alert-test-support.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import { BOB, type Harness, policyWith, startHarness, textOf } from "./e2e-support.ts";
import {
  ARGO_CD_CHART,
  CERT_MANAGER_CHART,
  crashingPod,
  installChart,
  interruptUpgradeOf,
  upgradeToCrash,
} from "./journey-support.ts";

describe("seed journeys: diagnosis → plan → approved → healthy", () => {
  let h: Harness;
  let helm: HelmClient;
  let namespace: string;
  const diagnosisMs: number[] = [];

  // Asks, and waits for the "Diagnosing…" message to become the diagnosis.
  async function diagnose(words: string, done: RegExp) {
    const started = performance.now();
    const thread = await h.ask(words);
    const message = await h.reply(thread, done, 90_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nthe thread:\n${h.texts(thread).join("\n---\n")}`);
    });
    diagnosisMs.push(performance.now() - started);
    return { thread, text: textOf(message) };
  }

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-journey");
    // Installed before the bot starts, as they would have been for long: its cached inventory
    // (a few seconds old at most) knows their names.
    await Promise.all([
      installChart(helm, { name: "argocd", namespace }, ARGO_CD_CHART),
      installChart(helm, { name: "cert-manager", namespace }, CERT_MANAGER_CHART),
    ]);
    // The channel sees only this namespace: the analyser resolves "Argo CD" among its releases.
    const policy = policyWith({ namespaces: [namespace], mutationNamespaces: [namespace] });
    h = await startHarness("journeys", helm, { policy, timeoutSeconds: 30 });
  });
  afterAll(async () => {
    const ms = diagnosisMs.map((m) => m.toFixed(0)).join(", ");
    process.stdout.write(
      `diagnosis through Slack (mention → diagnosis shown), ${diagnosisMs.length} runs: p50 ${percentile(diagnosisMs, 50).toFixed(0)} ms, max ${Math.max(...diagnosisMs).toFixed(0)} ms (${ms})\n`,
    );
    await h?.close();
    await deleteNamespace(namespace);
  });

  it('"Argo CD isn\'t working after the upgrade": crash-loop in the latest revision → rollback → healthy', async () => {
    const argocd = { name: "argocd", namespace };
    await upgradeToCrash(helm, argocd, ARGO_CD_CHART, { "global.image.tag": "v2.14.0-crash" });
    await crashingPod(argocd);

    const { thread, text } = await diagnose(
      "Argo CD isn't working after the upgrade",
      /not healthy/,
    );
    expect(text).toContain(`\`argocd\` in \`${namespace}\` is *not healthy*`);
    expect(text).toContain("`crash-loop` · critical");
    expect(text).toMatch(
      /Deployment argocd-(repo-)?server: container (repo-)?server keeps crashing/,
    );
    expect(text).toMatch(/Introduced by\* revision 2, .*global\.image\.tag .*v2\.14\.0-crash/);
    expect(text).toContain("Recommended: roll back to revision 1");
    expect(text).toContain("The plan follows in this thread");

    const plan = await h.plan(thread);
    const planText = textOf(plan.message);
    expect(planText).toMatch(/Plan: Roll back argocd \(e2e-journey-\w+\) to revision 1/);
    expect(planText).toContain("[Approve] [Reject]");
    expect(planText).toMatch(/Dry run \(server\)/);
    await h.approve(plan.id, BOB, plan.message);
    expect(textOf(await h.result(thread, plan.id))).toMatch(/Roll back argocd .*done and healthy/);
    h.dump(thread);

    const history = await helm.history(argocd);
    expect(history.map((r) => [r.revision, r.status])).toEqual([
      [1, "superseded"],
      [2, "superseded"],
      [3, "deployed"],
    ]);
    expect(await h.bot.store.get(plan.id)).toMatchObject({
      state: "succeeded",
      context: { requester: "U0ALICE", source: "mention" },
    });
    const again = await diagnose("why is argocd failing?", /looks healthy|not healthy/);
    expect(again.text).toContain("looks healthy");
    expect(again.text).toContain("What was checked");
  });

  it('"cert-manager is stuck": pending-upgrade → rollback (recovery) plan → approved → deployed', async () => {
    const certManager = { name: "cert-manager", namespace };
    await interruptUpgradeOf(helm, certManager, CERT_MANAGER_CHART, "image.tag=v1.17.0-crash");

    const { thread, text } = await diagnose("cert-manager is stuck", /not healthy/);
    expect(text).toContain("`stuck-pending-upgrade` · critical");
    expect(text).toContain("helm refuses every new install, upgrade and rollback");
    expect(text).toContain("Recommended: roll back to revision 1");

    const plan = await h.plan(thread);
    const planText = textOf(plan.message);
    expect(planText).toMatch(
      /Plan: (Recover|Roll back) cert-manager \(e2e-journey-\w+\) to revision 1/,
    );
    expect(planText).toContain("Stuck in pending-upgrade");
    await h.approve(plan.id, BOB, plan.message);
    const result = textOf(await h.result(thread, plan.id));
    expect(result).toMatch(/cert-manager .*done and healthy/);
    h.dump(thread);

    const status = await helm.status(certManager);
    expect(status.info.status).toBe("deployed");
    const history = await helm.history(certManager);
    expect(history.map((r) => [r.revision, r.status])).toEqual([
      [1, "superseded"],
      [2, "pending-upgrade"],
      [3, "deployed"],
    ]);
  });
});
