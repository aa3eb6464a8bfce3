// The moments of a Redis crash that a restart at a random time almost never hits. A command
// applied (and fsynced) whose reply never came: ioredis resends it once it has reconnected, so
// every write of Wheelhouse's must give the same answer the second time and change nothing
// more. And a release lock whose TTL ran out while Redis was down: its holder takes it back,
// unless someone else acquired it meanwhile.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandClientOptions } from "../../../src/app/redis-connections.ts";
import { AuditLog } from "../../../src/store/audit-log.ts";
import { claimOnce } from "../../../src/store/dedupe.ts";
import { PlanStore } from "../../../src/store/plan-store.ts";
import { withRedisMutex } from "../../../src/store/redis-mutex.ts";
import {
  acquireReleaseLock,
  keepReleaseLock,
  releaseLockKey,
} from "../../../src/store/release-lock.ts";
import {
  type PrivateRedis,
  type ReplyCutter,
  startPrivateRedis,
  startReplyCutter,
} from "../../support/private-redis.ts";
import { testPlanSigner } from "../../support/test-plan-key.ts";
import { sampleContext, samplePlan } from "../../unit/store/sample-plan.ts";

describe("writes across a Redis crash", () => {
  let redis: PrivateRedis;
  let cutter: ReplyCutter;
  // Through the relay that loses replies, configured as the roles' own commands client.
  let client: Redis;
  // Straight to the server, to see what was stored.
  let direct: Redis;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    cutter = await startReplyCutter(redis);
    client = new Redis(cutter.url, commandClientOptions("worker"));
    client.on("error", () => undefined);
    direct = new Redis(redis.url, commandClientOptions("worker"));
    direct.on("error", () => undefined);
    await client.ping();
  });
  afterAll(async () => {
    client?.disconnect();
    direct?.disconnect();
    await cutter?.close();
    await redis?.stop();
  });

  // Runs write with its reply lost once: what the caller finally gets back.
  async function withLostReply<T>(write: () => Promise<T>): Promise<T> {
    await client.ping();
    const lost = cutter.loseNextReply();
    const result = write();
    await lost;
    return result;
  }

  it("a plan's move is still reported as made, not as someone else's", async () => {
    const store = new PlanStore(client, { prefix: "lost", signer: testPlanSigner() });
    const saved = await store.save(samplePlan(), sampleContext(), 3600);
    const decision = { verdict: "approved" as const, by: "U0BOB", at: new Date().toISOString() };
    const moved = await withLostReply(() =>
      store.transition(saved.id, ["awaiting_approval"], "approved", { decision }),
    );
    expect(moved.ok).toBe(true);
    expect(moved.record?.state).toBe("approved");
    // A later, different move from the same state is still refused.
    const again = await store.transition(saved.id, ["awaiting_approval"], "approved", { decision });
    expect(again.ok).toBe(false);
  });

  it("an audit entry is appended once", async () => {
    const audit = new AuditLog(client, { stream: "lost:audit", log: () => undefined });
    await withLostReply(() =>
      audit.append({
        type: "approval",
        at: new Date().toISOString(),
        actor: "U0BOB",
        channel: "C0FAULTS",
        release: { name: "shop", namespace: "demo" },
        planId: "p1",
        detail: "approved",
      }),
    );
    expect(await direct.xlen("lost:audit")).toBe(1);
  });

  it("the first copy of a Slack event is still the first, not dropped as a duplicate", async () => {
    expect(await withLostReply(() => claimOnce(client, "lost:slack:event:Ev1", 60))).toBe(true);
    expect(await claimOnce(client, "lost:slack:event:Ev1", 60)).toBe(false);
  });

  it("a mutex taken is entered at once, not waited on until it expires", async () => {
    const started = Date.now();
    const entered = await withLostReply(() =>
      withRedisMutex(client, "lost:mutex", async () => Date.now() - started, {
        ttlMs: 20_000,
        waitMs: 5000,
      }),
    );
    expect(entered).toBeLessThan(2000);
  });

  it("a release lock that expired while Redis was down is taken back by its holder", async () => {
    const release = { name: "outage", namespace: "demo" };
    const lock = await acquireReleaseLock(client, release, 1000, { prefix: "lost" });
    const seen = await keepReleaseLock(lock, release, 1000, async (lease) => {
      await redis.restart("kill", 1500);
      return { lostWhileDown: lease.lost(), confirmed: await lease.confirm() };
    });
    // Unconfirmed for a whole TTL counts as lost, until Redis says nobody else took it.
    expect(seen).toEqual({ lostWhileDown: true, confirmed: true });
  });

  it("but not once someone else acquired it meanwhile", async () => {
    const release = { name: "taken", namespace: "demo" };
    const lock = await acquireReleaseLock(client, release, 1000, { prefix: "lost" });
    const confirmed = await keepReleaseLock(lock, release, 1000, async (lease) => {
      await redis.restart("kill", 1200);
      const other = await acquireReleaseLock(direct, release, 5000, { prefix: "lost" });
      const answer = await lease.confirm();
      await other.release();
      return answer;
    });
    expect(confirmed).toBe(false);
  });

  it("a release lock taken is held by its taker, not refused as busy", async () => {
    const release = { name: "shop", namespace: "demo" };
    const lock = await withLostReply(() =>
      acquireReleaseLock(client, release, 10_000, { prefix: "lost", owner: "plan p1" }),
    );
    expect(await direct.get(releaseLockKey(release, "lost"))).toBe(lock.token);
    expect(await lock.release()).toBe(true);
  });
});
