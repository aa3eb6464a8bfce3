// The release watcher in the app role, through the whole bot: a release whose upgrade failed
// opens a thread in the channel the policy routes its namespace to, with the diagnosis and the
// recommended rollback's buttons; approved there, it runs, and the thread says the release is
// healthy again.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../src/helm/helm-client.ts";
import { makeFailedUpgrade } from "../support/broken-states.ts";
import { createNamespace, deleteNamespace } from "../support/cluster.ts";
import { createTestHelm } from "../support/helm-fixture.ts";
import { OPEN_POLICY } from "../support/open-policy.ts";
import { testEnvironment as env } from "../support/test-environment.ts";
import { messageAt, planOf, resultOf, threadOf } from "./alert-thread-support.ts";
import { BOB, type Harness, startHarness, textOf } from "./e2e-support.ts";

const WATCH = "C0WATCHERS";

describe("release watcher → thread → approved rollback → healthy again", () => {
  let h: Harness;
  let helm: HelmClient;
  let namespace: string;

  beforeAll(async () => {
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("e2e-watch");
    await makeFailedUpgrade(helm, { name: "shop", namespace });
    const policy = { ...OPEN_POLICY, alertRoutes: [{ channel: WATCH, namespaces: [namespace] }] };
    h = await startHarness("watch", helm, {
      policy,
      timeoutSeconds: 30,
      app: {
        watch: { WHEELHOUSE_WATCH_INTERVAL_SECONDS: 1, WHEELHOUSE_WATCH_PENDING_SECONDS: 600 },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await deleteNamespace(namespace);
  });

  it("opens a thread for the failed release, and closes it once the approved rollback ran", async () => {
    const root = await threadOf(h.slack, WATCH, new RegExp(`\\[FAILED\\] ${namespace}/shop`));
    expect(textOf(root)).toContain("Noticed by the release watcher");
    const plan = await planOf(h.slack, WATCH, root.ts);
    const diagnosis = h.slack.thread(WATCH, root.ts).map(textOf).join("\n");
    expect(diagnosis).toContain("`failed-release` · critical");
    expect(diagnosis).toContain("Recommended: roll back to revision 1");
    expect(textOf(plan.message)).toMatch(/Plan: Roll back shop \(e2e-watch-\w+\) to revision 1/);
    expect(textOf(plan.message)).toContain("asked by wheelhouse");

    await h.approve(plan.id, BOB, plan.message);
    expect(textOf(await resultOf(h.slack, WATCH, root.ts, plan.id))).toMatch(/done and healthy/);
    await h.slack.waitFor(
      "the watcher to say the release is healthy again",
      () => h.slack.thread(WATCH, root.ts).some((m) => textOf(m).includes("is healthy again")),
      30_000,
    );
    // The reply and the root's chat.update are two calls; the root may change a moment later.
    await h.slack.waitFor(
      "the thread's root to say the release recovered",
      () => textOf(messageAt(h.slack, WATCH, root.ts)).includes(`[RECOVERED] ${namespace}/shop`),
      10_000,
    );
    // Once per episode: one thread, however many rounds ran.
    const opened = h.slack
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === WATCH && c.args.thread_ts === undefined);
    expect(opened).toHaveLength(1);
  });
});
