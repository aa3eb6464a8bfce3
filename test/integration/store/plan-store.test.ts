// The plan store on the real Redis: records round-trip, the plan never changes, transitions are
// atomic under concurrency, expired plans cannot be approved, and TTLs follow the state.
import { afterAll, describe, expect, it } from "vitest";
import type { PlanRecord } from "../../../src/model/plan-record.ts";
import { createPlanSigner } from "../../../src/plan/create-plan-signer.ts";
import { PlanStore } from "../../../src/store/plan-store.ts";
import { acquireReleaseLock } from "../../../src/store/release-lock.ts";
import { testPlanSigner } from "../../support/test-plan-key.ts";
import { sampleContext, samplePlan } from "../../unit/store/sample-plan.ts";
import { createTestRedis } from "./redis-test-support.ts";

describe("PlanStore", () => {
  const test = createTestRedis("plan-store");
  const store = new PlanStore(test.redis, { prefix: test.prefix, signer: testPlanSigner() });
  afterAll(() => test.cleanup());

  it("saves a plan awaiting approval under a short url-safe id and reads it back unchanged", async () => {
    const plan = samplePlan();
    const saved = await store.save(plan, sampleContext(), 3600);
    expect(saved.id).toMatch(/^[A-Za-z][A-Za-z0-9_-]{11}$/);
    expect(saved.state).toBe("awaiting_approval");
    expect(Date.parse(saved.expiresAt) - Date.parse(saved.createdAt)).toBe(3_600_000);
    const read = await store.get(saved.id);
    expect(read).toEqual(saved);
    // Stamped with the store's cluster, and otherwise as made.
    expect(read?.plan).toEqual({ ...plan, cluster: "local" });
    // Empty arrays and nested objects survive: the plan is never rewritten by a script.
    expect(read?.plan.warnings).toEqual(plan.warnings);
  });

  it("keeps the record a day longer than the approval window", async () => {
    const saved = await store.save(samplePlan(), sampleContext(), 600);
    const ttl = await test.redis.ttl(`${test.prefix}:plan:${saved.id}`);
    expect(ttl).toBeGreaterThan(600 + 86_000);
    expect(ttl).toBeLessThanOrEqual(600 + 86_400);
  });

  it("answers null for unknown and malformed ids", async () => {
    expect(await store.get("Abcdefghijkl")).toBeNull();
    expect(await store.get("../../etc")).toBeNull();
    expect(await store.transition("nope", ["awaiting_approval"], "approved")).toEqual({
      ok: false,
      record: null,
    });
  });

  it("sets the plan message's ts, and never creates a record for an unknown id", async () => {
    const saved = await store.save(samplePlan(), sampleContext(), 3600);
    await store.setMessageTs(saved.id, "1714560000.000200");
    expect((await store.get(saved.id))?.context.messageTs).toBe("1714560000.000200");
    await store.setMessageTs("Zzzzzzzzzzzz", "1");
    expect(await test.redis.exists(`${test.prefix}:plan:Zzzzzzzzzzzz`)).toBe(0);
  });

  it("moves only from the given states, records the decision and leaves the plan alone", async () => {
    const saved = await store.save(samplePlan(), sampleContext(), 3600);
    const decision = { verdict: "approved" as const, by: "U0ALICE", at: new Date().toISOString() };
    const approved = await store.transition(saved.id, ["awaiting_approval"], "approved", {
      decision,
    });
    expect(approved).toMatchObject({ ok: true, record: { state: "approved", decision } });
    const again = await store.transition(saved.id, ["awaiting_approval"], "rejected");
    expect(again).toMatchObject({ ok: false, record: { state: "approved", decision } });
    const running = await store.transition(saved.id, ["approved"], "running");
    expect(running.ok).toBe(true);
    expect(running.record?.startedAt).toMatch(/^\d{4}-/);
    expect(running.record?.plan).toEqual(saved.plan);
  });

  it("lets exactly one of 20 concurrent approvals win", async () => {
    const saved = await store.save(samplePlan(), sampleContext(), 3600);
    // Separate connections, so the attempts really race on the server.
    const stores = Array.from(
      { length: 20 },
      () => new PlanStore(test.connect(), { prefix: test.prefix, signer: testPlanSigner() }),
    );
    const results = await Promise.all(
      stores.map((s, i) =>
        s.transition(saved.id, ["awaiting_approval"], "approved", {
          decision: { verdict: "approved", by: `U0APPROVER${i}`, at: new Date().toISOString() },
        }),
      ),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const final = await store.get(saved.id);
    expect(final?.state).toBe("approved");
    expect(final?.decision?.by).toBe(winners[0]?.record?.decision?.by);
  });

  it("expires a plan approved after its expiresAt instead of approving it", async () => {
    let now = new Date("2026-05-01T12:00:00Z");
    const clocked = new PlanStore(test.redis, {
      prefix: test.prefix,
      signer: testPlanSigner(),
      now: () => now,
    });
    const saved = await clocked.save(samplePlan(), sampleContext(), 60);
    now = new Date("2026-05-01T12:01:00.500Z");
    const late = await clocked.transition(saved.id, ["awaiting_approval"], "approved", {
      decision: { verdict: "approved", by: "U0ALICE", at: now.toISOString() },
    });
    expect(late).toMatchObject({ ok: false, record: { state: "expired", decision: null } });
    const after = await clocked.transition(saved.id, ["awaiting_approval"], "approved");
    expect(after).toMatchObject({ ok: false, record: { state: "expired" } });
  });

  it("approves right up to expiresAt, and keeps decided records for the retention time", async () => {
    let now = new Date("2026-05-01T12:00:00Z");
    const clocked = new PlanStore(test.redis, {
      prefix: test.prefix,
      signer: testPlanSigner(),
      now: () => now,
    });
    const saved = await clocked.save(samplePlan(), sampleContext(), 60);
    now = new Date("2026-05-01T12:01:00Z");
    const approved = await clocked.transition(saved.id, ["awaiting_approval"], "approved");
    expect(approved.ok).toBe(true);
    expect(await test.redis.ttl(`${test.prefix}:plan:${saved.id}`)).toBeGreaterThan(604_000);
  });

  it("stores an execution report with the final state", async () => {
    const saved = await store.save(samplePlan(), sampleContext(), 3600);
    await store.transition(saved.id, ["awaiting_approval"], "approved");
    await store.transition(saved.id, ["approved"], "running");
    const execution: NonNullable<PlanRecord["execution"]> = {
      outcome: "stale",
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      argv: saved.plan.command.argv,
      output: "",
      error: null,
      validation: null,
      rollbackPlanId: null,
      note: "web moved from revision 3 to 4 since the plan was made; nothing ran.",
    };
    const done = await store.transition(saved.id, ["running"], "stale", { execution });
    expect(done).toMatchObject({ ok: true, record: { state: "stale", execution } });
    expect((await store.get(saved.id))?.execution).toEqual(execution);
  });

  it("refuses to hand out a record that is not a plan any more", async () => {
    const saved = await store.save(samplePlan(), sampleContext(), 3600);
    await test.redis.hset(`${test.prefix}:plan:${saved.id}`, "plan", '{"kind":"plan"}');
    await expect(store.get(saved.id)).rejects.toMatchObject({ code: "plan_record_invalid" });
  });

  it("signs every plan it saves, and tells a plan edited in Redis from the one it signed", async () => {
    const saved = await store.save(samplePlan(), sampleContext(), 3600);
    expect(saved.signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const read = await store.get(saved.id);
    expect(read?.signature).toBe(saved.signature);
    expect(read && store.hasValidSignature(read)).toBe(true);
    const key = `${test.prefix}:plan:${saved.id}`;
    const edited = { ...saved.plan, warnings: [], command: { ...saved.plan.command } };
    edited.command.argv = [...edited.command.argv, "--force"];
    await test.redis.hset(key, "plan", JSON.stringify(edited));
    const forged = await store.get(saved.id);
    expect(forged?.plan.command.argv).toContain("--force");
    expect(forged && store.hasValidSignature(forged)).toBe(false);
    // Signed with another key (another cluster's store, or a rotated key): not valid here.
    const other = new PlanStore(test.redis, {
      prefix: test.prefix,
      signer: createPlanSigner("another-key-of-at-least-32-characters"),
    });
    const theirs = await other.save(samplePlan(), sampleContext(), 3600);
    const back = await store.get(theirs.id);
    expect(back && store.hasValidSignature(back)).toBe(false);
    await test.redis.hdel(`${test.prefix}:plan:${theirs.id}`, "signature");
    expect(await store.get(theirs.id)).toMatchObject({ signature: null });
  });

  it("refuses a record copied under another plan's key", async () => {
    const a = await store.save(samplePlan(), sampleContext(), 3600);
    const b = await store.save(samplePlan(), sampleContext(), 3600);
    const fields = await test.redis.hgetall(`${test.prefix}:plan:${a.id}`);
    await test.redis.hset(`${test.prefix}:plan:${b.id}`, fields);
    await expect(store.get(b.id)).rejects.toMatchObject({
      code: "plan_record_invalid",
      message: expect.stringContaining("names another plan id"),
    });
  });

  it("stamps the cluster into the plan and signs it: the same plan for another cluster does not verify", async () => {
    const eu = new PlanStore(test.redis, {
      prefix: test.prefix,
      cluster: "prod-eu",
      signer: testPlanSigner(),
    });
    const saved = await eu.save(samplePlan(), sampleContext(), 3600);
    expect(saved.plan.cluster).toBe("prod-eu");
    const key = `${test.prefix}:plan:${saved.id}`;
    await test.redis.hset(key, "plan", JSON.stringify({ ...saved.plan, cluster: "prod-us" }));
    const moved = await eu.get(saved.id);
    expect(moved?.plan.cluster).toBe("prod-us");
    expect(moved && eu.hasValidSignature(moved)).toBe(false);
  });

  it("indexes the plans not yet final, forgetting each as it ends or disappears", async () => {
    const own = createTestRedis("plan-store-open");
    const indexed = new PlanStore(own.redis, { prefix: own.prefix, signer: testPlanSigner() });
    const [waiting, approved, done, gone] = await Promise.all(
      [1, 2, 3, 4].map(() => indexed.save(samplePlan(), sampleContext(), 3600)),
    );
    if (!waiting || !approved || !done || !gone) throw new Error("four plans were saved");
    await indexed.transition(approved.id, ["awaiting_approval"], "approved");
    await indexed.transition(done.id, ["awaiting_approval"], "rejected");
    await own.redis.del(`${own.prefix}:plan:${gone.id}`);
    const { records, unreadable } = await indexed.openPlans();
    expect(records.map((r) => [r.id, r.state]).sort()).toEqual(
      [
        [waiting.id, "awaiting_approval"],
        [approved.id, "approved"],
      ].sort(),
    );
    expect(unreadable).toEqual([]);
    expect(await own.redis.zcard(`${own.prefix}:plans:open`)).toBe(2);
    await own.cleanup();
  });

  it("expires a plan only once it is past its expiresAt", async () => {
    let now = new Date("2026-05-01T12:00:00Z");
    const clocked = new PlanStore(test.redis, {
      prefix: test.prefix,
      signer: testPlanSigner(),
      now: () => now,
    });
    const saved = await clocked.save(samplePlan(), sampleContext(), 60);
    const early = await clocked.transition(saved.id, ["awaiting_approval"], "expired");
    expect(early).toMatchObject({ ok: false, record: { state: "awaiting_approval" } });
    now = new Date("2026-05-01T12:01:01Z");
    const late = await clocked.transition(saved.id, ["awaiting_approval"], "expired");
    expect(late).toMatchObject({ ok: true, record: { state: "expired" } });
  });

  it("moves a plan guarded by a release lock only while that lock is its holder's", async () => {
    const release = { name: "web", namespace: "shop" };
    const saved = await store.save(samplePlan(), sampleContext(), 3600);
    await store.transition(saved.id, ["awaiting_approval"], "approved");
    const lock = await acquireReleaseLock(test.redis, release, 5000, { prefix: test.prefix });
    const running = await store.transition(saved.id, ["approved"], "running", {}, lock);
    expect(running).toMatchObject({ ok: true, record: { state: "running", fence: lock.fence } });
    // The lock is taken away (it expired, someone else took it): the holder's report is refused.
    await test.redis.set(lock.key, `${lock.fence + 1} thief someone else`, "PX", 5000);
    const late = await store.transition(saved.id, ["running"], "succeeded", {}, lock);
    expect(late).toMatchObject({ ok: false, fenced: true, record: { state: "running" } });
    // An older holder never overrides a newer one, even with a lock value that matches.
    await test.redis.set(lock.key, lock.token, "PX", 5000);
    await test.redis.hset(`${test.prefix}:plan:${saved.id}`, "fence", String(lock.fence + 1));
    const older = await store.transition(saved.id, ["running"], "succeeded", {}, lock);
    expect(older).toMatchObject({ ok: false, fenced: true });
    await test.redis.del(lock.key);
  });
});
