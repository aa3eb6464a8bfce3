// The release watcher on the real cluster and Redis, releases broken the way helm breaks them: a
// failed upgrade opens a diagnosis thread at once, a stuck pending-upgrade once past the
// threshold, each once per episode; the thread says when the release is healthy again or gone;
// and only the replica holding the lease polls, the next one carrying on where it stopped.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { parsePolicy } from "../../../src/policy/parse-policy.ts";
import { createRedisLease } from "../../../src/store/redis-lease.ts";
import { createReleaseEpisodes } from "../../../src/store/release-episodes.ts";
import { createReleaseWatcher, type ReleaseWatcher } from "../../../src/watch/release-watcher.ts";
import { makeFailedUpgrade, makeStuckPendingUpgrade } from "../../support/broken-states.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import {
  createRecordingPoster,
  type RecordingPoster,
  realDiagnose,
  testLog,
  textOf,
} from "../alerts/alert-test-support.ts";
import { createTestRedis, type TestRedis } from "../store/redis-test-support.ts";

const CHANNEL = "C0WATCH";
const THRESHOLD_MS = 60_000;

describe("the release watcher", () => {
  let namespace: string;
  let helm: HelmClient;
  let redis: TestRedis;
  let poster: RecordingPoster;
  // The watchers' clock runs ahead of the real one by this much, to get past the threshold.
  let aheadMs = 0;
  const watchers: ReleaseWatcher[] = [];

  function startWatcher(): ReleaseWatcher {
    const connection = redis.connect();
    const watcher = createReleaseWatcher({
      list: () => helm.list({ namespace }),
      episodes: createReleaseEpisodes(connection, redis.prefix),
      lease: createRedisLease(connection, `${redis.prefix}:watch:lease`, 30_000),
      policy: parsePolicy(
        `channels: { "*": {} }\nalertRoutes: [{ channel: ${CHANNEL}, namespaces: ["${namespace}"] }]`,
        "test",
      ),
      poster,
      diagnose: realDiagnose(helm),
      log: testLog,
      now: () => new Date(Date.now() + aheadMs),
      intervalMs: 1000,
      pendingThresholdMs: THRESHOLD_MS,
    });
    watchers.push(watcher);
    return watcher;
  }

  beforeAll(async () => {
    namespace = await createNamespace("watch");
    redis = createTestRedis("watch");
    poster = createRecordingPoster();
    const repo = inject("chartRepoUrl");
    helm = await createTestHelm(env.helm4Bin, repo);
    await helm.mutate({
      kind: "install",
      release: { name: "steady", namespace },
      chart: "fixtures/webapp",
      version: "1.0.0",
      set: { replicaCount: 1 },
    });
    await makeFailedUpgrade(helm, { name: "broken", namespace });
    await makeStuckPendingUpgrade(helm, env.helm4Bin, { name: "stuck", namespace }, repo);
  });

  afterAll(async () => {
    await Promise.all(watchers.map((w) => w.stop()));
    await redis.cleanup();
    await deleteNamespace(namespace);
  });

  const thread = (release: string) => {
    const found = poster.threads.find((t) => t.first.summary.endsWith(`${namespace}/${release}`));
    if (found === undefined) throw new Error(`no thread for ${release}`);
    return found;
  };

  it("opens a diagnosis thread for a failed release at once, and lets a pending one settle", async () => {
    const watcher = startWatcher();
    const result = await watcher.tick();
    expect(result).toEqual({ polled: true, opened: [`${namespace}/broken`], ended: [] });
    const broken = thread("broken");
    expect(broken.channel).toBe(CHANNEL);
    expect(broken.first.summary).toBe(`[FAILED] ${namespace}/broken`);
    expect(broken.replies).toHaveLength(1);
    expect(textOf(broken.replies[0] ?? broken.first)).toContain(`Diagnosis of ${namespace}/broken`);
    expect(textOf(broken.replies[0] ?? broken.first)).toContain(
      "Recommended: roll back to revision 1.",
    );
  });

  it("opens one for a release stuck pending past the threshold, once per episode", async () => {
    aheadMs = THRESHOLD_MS + 5000;
    const [watcher] = watchers;
    const result = await watcher?.tick();
    expect(result?.opened).toEqual([`${namespace}/stuck`]);
    const stuck = thread("stuck");
    expect(textOf(stuck.first)).toMatch(/has been pending-upgrade for 1 min/);
    expect(textOf(stuck.replies[0] ?? stuck.first)).toContain("stuck-pending-upgrade");
    expect((await watcher?.tick())?.opened).toEqual([]);
    expect(poster.threads).toHaveLength(2);
  });

  it("lets only the lease holder poll; the next carries on without repeating threads", async () => {
    const second = startWatcher();
    expect(await second.tick()).toEqual({ polled: false, opened: [], ended: [] });
    await watchers[0]?.stop();
    expect(await second.tick()).toEqual({ polled: true, opened: [], ended: [] });
    expect(poster.threads).toHaveLength(2);
  });

  it("says in the thread when the release is healthy again, and when it is gone", async () => {
    await helm.mutate({
      kind: "rollback",
      release: { name: "broken", namespace },
      revision: 1,
      wait: true,
      timeoutSeconds: 60,
    });
    await helm.mutate({ kind: "uninstall", release: { name: "stuck", namespace } });
    const result = await watchers[1]?.tick();
    expect(result?.ended.sort()).toEqual([`${namespace}/broken`, `${namespace}/stuck`]);
    const broken = thread("broken");
    expect(broken.current.summary).toBe(`[RECOVERED] ${namespace}/broken (was failed)`);
    expect(textOf(broken.replies.at(-1) ?? broken.first)).toContain(
      `${namespace}/broken is healthy again: deployed at revision 3`,
    );
    const stuck = thread("stuck");
    expect(stuck.current.summary).toMatch(/^\[GONE\]/);
    expect(textOf(stuck.replies.at(-1) ?? stuck.first)).toContain("is no longer installed");
    expect((await watchers[1]?.tick())?.ended).toEqual([]);
  });
});
