// Redis restarted 20 times (killed, or shut down) at random moments while approved plans queue
// and run, once for longer than a release lock's TTL: with every write fsynced to the
// append-only file, no approved plan is lost or run twice, and the app and the worker reconnect
// on their own (no process restart). WHEELHOUSE_FAULT_SEED replays a run's moments.
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from "vitest";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import type { PlanRecord } from "../../../src/model/plan-record.ts";
import type { ReleaseRef } from "../../../src/model/release.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createRandom } from "../../support/fuzz-random.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { type PrivateRedis, startPrivateRedis } from "../../support/private-redis.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { CHANNEL, type Roles, startRoles, stateShown } from "./redis-restart-support.ts";

const RESTARTS = 20;
const RELEASES = ["alpha", "bravo", "charlie", "delta"];
// helm keeps ten revisions (--history-max): each release stays under that, the last check included.
const PLANS_PER_RELEASE = 7;
const LONG_OUTAGE_MS = 12_000;
const FINAL = new Set(["succeeded", "failed", "stale", "interrupted", "rejected", "expired"]);

interface Approved {
  planId: string;
  release: ReleaseRef;
  host: string;
  threadTs: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Reads by the test ride out a restart too: it is the product's behaviour under test, not its own.
async function patiently<T>(what: string, read: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${String(error)}`);
      await sleep(200);
    }
  }
}

describe("Redis restarted mid-queue, 20 times", () => {
  const seed = Number(process.env.WHEELHOUSE_FAULT_SEED ?? randomInt(2 ** 31));
  let redis: PrivateRedis;
  let helm: HelmClient;
  let namespace: string;
  let roles: Roles;

  beforeAll(async () => {
    process.stdout.write(`redis-restart: seed ${seed} (WHEELHOUSE_FAULT_SEED=${seed} replays)\n`);
    redis = await startPrivateRedis();
    helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("fault-redis");
    await Promise.all(
      RELEASES.map((name) =>
        helm.mutate({
          kind: "install",
          release: { name, namespace },
          chart: "fixtures/webapp",
          version: "1.0.0",
          set: { replicaCount: 1 },
          wait: true,
          timeoutSeconds: 90,
        }),
      ),
    );
    roles = await startRoles(redis.url, helm);
  });
  afterAll(async () => {
    await roles?.close();
    await redis?.stop();
    await deleteNamespace(namespace);
  });

  async function record(planId: string): Promise<PlanRecord | null> {
    return patiently(`plan ${planId}`, () => roles.app.store.get(planId));
  }

  async function finalRecord(
    planId: string,
    timeoutMs = 90_000,
    seen: (state: string) => void = () => undefined,
  ): Promise<PlanRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await record(planId);
      if (r !== null) seen(r.state);
      if (r !== null && FINAL.has(r.state)) return r;
      if (Date.now() > deadline)
        throw new Error(`plan ${planId} still ${r?.state} after ${timeoutMs}ms`);
      await sleep(250);
    }
  }

  // Asks for a change on one release, approves it and waits until it is over.
  async function change(
    name: string,
    host: string,
    phase: (p: string) => void = () => undefined,
  ): Promise<Approved> {
    const release = { name, namespace };
    phase("planning");
    const threadTs = await roles.ask(`set ${name} ingress.host=${host} -n ${namespace}`);
    const { id, message } = await roles.plan(threadTs);
    phase("approving");
    expect(await roles.approve(id, message)).toBe(200);
    phase("approved");
    await finalRecord(id, 90_000, (state) => phase(state));
    phase("done");
    return { planId: id, release, host, threadTs };
  }

  it("loses no approved plan, runs none twice, and both roles keep working", async () => {
    const random = createRandom(seed);
    const began = Date.now();
    const took: string[] = [];
    const mark = (what: string) =>
      took.push(`${what} at ${Math.round((Date.now() - began) / 1000)} s`);
    // What each release's current plan is doing when Redis goes down (for the printout).
    const inFlight = new Map<string, string>();
    let restarting = true;
    const restarts: string[] = [];
    // One outage outlasts the release lock's TTL (10 s here): a run caught in it sees its lock
    // expire, and takes it back once Redis is up (nobody else could acquire it meanwhile).
    const longOutage = random.int(RESTARTS);
    const restarter = (async () => {
      for (let i = 0; i < RESTARTS; i++) {
        await sleep(500 + random.int(2000));
        const how = random.chance(0.5) ? "kill" : "shutdown";
        // The long one waits for a run to be under way: that is the run whose lock expires.
        for (let t = 0; i === longOutage && t < 100; t++) {
          if ([...inFlight.values()].includes("running")) break;
          await sleep(100);
        }
        const during = [...inFlight.values()];
        await redis.restart(how, i === longOutage ? LONG_OUTAGE_MS : random.int(400));
        restarts.push(
          `${how}${i === longOutage ? " (12 s down)" : ""} during [${during.join(" ")}]`,
        );
      }
      restarting = false;
      mark("restarts over");
    })();
    const approved: Approved[] = [];
    const finalStates = new Map<string, string>();
    const states = () => approved.map((a) => finalStates.get(a.planId) ?? "?").join(" ");
    // Printed however the test ends: what was restarted when, and what the roles complained of.
    onTestFinished(() => {
      const complaints = new Map<string, number>();
      for (const l of roles.lines.filter(
        (l) =>
          l.level === "warn" ||
          l.level === "error" ||
          (l.level === "info" && /error|fail|lost|stall|interrupt|not stored/.test(l.msg)),
      )) {
        const error = l.fields.error;
        const why = typeof error === "object" && error !== null ? JSON.stringify(error) : "";
        const key = `${l.role} ${l.level} ${l.msg} ${why.slice(0, 160)}`;
        complaints.set(key, (complaints.get(key) ?? 0) + 1);
      }
      process.stdout.write(
        `redis-restart: ${took.join(", ")}; restarts:\n  ${restarts.join("\n  ")}\nlog warnings:\n  ${[...complaints].map(([k, n]) => `${n}x ${k}`).join("\n  ")}\n`,
      );
      process.stdout.write(
        `redis-restart: seed ${seed}, ${RESTARTS} restarts (${restarts.filter((h) => h.startsWith("kill")).length} SIGKILL), ${approved.length} plans: ${states()}\n`,
      );
    });
    const streams = RELEASES.map(async (name) => {
      for (let k = 1; (restarting || k <= 2) && k <= PLANS_PER_RELEASE; k++) {
        approved.push(await change(name, `${name}-${k}.example.com`, (p) => inFlight.set(name, p)));
      }
    });
    await Promise.all([restarter, ...streams]);
    mark("plans over");
    expect(restarts).toHaveLength(RESTARTS);
    expect(redis.starts).toBe(RESTARTS + 1);

    // Every approved plan ran and succeeded: nobody else could take a release lock while Redis
    // was away, so not even "interrupted" is an honest answer here.
    const records = await Promise.all(approved.map((a) => finalRecord(a.planId)));
    for (const r of records) finalStates.set(r.id, r.state);
    const outcomes = records.map((r) => `${r.id} ${r.state}: ${r.execution?.note ?? ""}`);
    const unsuccessful = records.filter((r) => r.state !== "succeeded").map((r) => r.id);
    expect(unsuccessful, outcomes.join("\n")).toEqual([]);

    // Exactly one helm revision per plan, and no other.
    const checkRevisions = async (name: string) => {
      const release = { name, namespace };
      const history = await helm.history(release, 256);
      const hosts = await Promise.all(
        history.map(async (h) => {
          const values = await helm.getValues(release, { revision: h.revision });
          const ingress = values.ingress;
          return typeof ingress === "object" && ingress !== null && "host" in ingress
            ? String(ingress.host)
            : null;
        }),
      );
      const mine = approved.filter((a) => a.release.name === name);
      for (const a of mine) {
        const runs = hosts.filter((h) => h === a.host).length;
        expect(runs, `${a.planId} on ${name}`).toBe(1);
      }
      const shown = history.map((h, i) => `${h.revision} ${h.status} ${hosts[i]}`).join("\n");
      expect(history[0]?.revision, shown).toBe(1);
      expect(history, shown).toHaveLength(1 + new Set(hosts.filter((h) => h !== null)).size);
    };
    await Promise.all(RELEASES.map(checkRevisions));

    // One approval, one start and one result in the audit trail per plan; one result in Slack.
    const audit = await patiently("audit", () =>
      roles.app.audit.recent({ limit: 5000, where: (e) => e.channel === CHANNEL }),
    );
    for (const a of approved) {
      const types = audit.filter((e) => e.planId === a.planId).map((e) => e.type);
      const count = (t: string) => types.filter((x) => x === t).length;
      expect(
        [count("approval"), count("execution_started"), count("execution_result")],
        a.planId,
      ).toEqual([1, 1, 1]);
      const results = roles.messagesOf(a.threadTs, "wheelhouse_execution", a.planId);
      expect(results.map(stateShown), a.planId).toEqual([
        records.find((r) => r.id === a.planId)?.state,
      ]);
    }

    // No restart of either role: the app still answers a signed request, a new approval runs.
    const thread = await roles.ask(`status alpha -n ${namespace}`);
    await roles.slack.waitFor("the status reply", () =>
      roles.slack
        .thread(CHANNEL, thread)
        .find((m) => m.user === roles.slack.botUserId && /deployed/.test(m.text)),
    );
    mark("checks over");
    const last = await change("alpha", "alpha-after.example.com");
    mark("last approval run");
    expect((await record(last.planId))?.state).toBe("succeeded");
  });
});
