// Plans in Redis: one hash per plan, the Plan itself written once (stamped with its cluster and
// signed) and never touched again, and a state machine whose every move is one Lua script, so
// concurrent approvals (or a second worker) cannot both win. Expired plans cannot be approved.
// Plans not yet final are indexed, so the reconciler finds the ones nothing else will move.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { PlanContext, PlanRecord, PlanState } from "../model/plan-record.ts";
import type { PlanSigner } from "../plan/create-plan-signer.ts";
import type { Plan } from "../plan/plan-types.ts";
import { isPlanId, newPlanId } from "./plan-id.ts";
import { isStoredPlan, storedRecordSchema } from "./plan-record-schema.ts";
import { SAVE, SET_MESSAGE_TS, TRANSITION } from "./plan-store-scripts.ts";
import type { LockGuard } from "./release-lock.ts";

export interface PlanStoreOptions {
  // Signs every plan as it is saved (WHEELHOUSE_PLAN_KEY); hasValidSignature checks it back.
  signer: PlanSigner;
  // The cluster whose plans these are (WHEELHOUSE_CLUSTER), stamped into every plan saved.
  // Default "local".
  cluster?: string;
  // Key prefix shared by every Wheelhouse key. Default "wheelhouse".
  prefix?: string;
  // How long a record stays readable after its plan expired, so a late click can still be told
  // "expired". Default 86400 (a day).
  graceSeconds?: number;
  // How long a record stays once it was decided on (approved, rejected, run). Default 604800.
  retentionSeconds?: number;
  now?: () => Date;
}

export type TransitionResult =
  | { ok: true; record: PlanRecord }
  // fenced: the move was guarded by a release lock its caller no longer holds.
  | { ok: false; record: PlanRecord | null; fenced?: true };
export type TransitionPatch = Partial<Pick<PlanRecord, "decision" | "execution">>;

export class PlanRecordInvalidError extends Error {
  readonly code = "plan_record_invalid";
  readonly planId: string;
  constructor(planId: string, reason: string, cause?: unknown) {
    super(`The stored plan ${planId} cannot be read: ${reason}`, { cause });
    this.name = "PlanRecordInvalidError";
    this.planId = planId;
  }
}

const scriptReply = z.tuple([z.number()], z.string());

export class PlanStore {
  readonly cluster: string;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly graceSeconds: number;
  private readonly retentionSeconds: number;
  private readonly now: () => Date;
  private readonly signer: PlanSigner;

  constructor(redis: Redis, options: PlanStoreOptions) {
    this.redis = redis;
    this.signer = options.signer;
    this.cluster = options.cluster ?? "local";
    this.prefix = options.prefix ?? "wheelhouse";
    this.graceSeconds = options.graceSeconds ?? 86_400;
    this.retentionSeconds = options.retentionSeconds ?? 604_800;
    this.now = options.now ?? (() => new Date());
  }

  private key(id: string): string {
    return `${this.prefix}:plan:${id}`;
  }

  private get openKey(): string {
    return `${this.prefix}:plans:open`;
  }

  // A new record awaiting approval; ttlSeconds is the approval window (policy planTtlMinutes).
  async save(made: Plan, context: PlanContext, ttlSeconds: number): Promise<PlanRecord> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new RangeError(`a plan's TTL is a positive number of seconds, not ${ttlSeconds}`);
    }
    const plan: Plan = { ...made, cluster: this.cluster };
    const now = this.now();
    const expiresAtMs = now.getTime() + ttlSeconds * 1000;
    for (;;) {
      const record: PlanRecord = {
        id: newPlanId(),
        plan,
        context,
        state: "awaiting_approval",
        createdAt: now.toISOString(),
        expiresAt: new Date(expiresAtMs).toISOString(),
        decision: null,
        startedAt: null,
        execution: null,
        fence: null,
      };
      record.signature = this.signer.sign(record.id, plan);
      const fields = {
        id: record.id,
        plan: JSON.stringify(plan),
        context: JSON.stringify(context),
        messageTs: context.messageTs ?? "",
        state: record.state,
        createdAt: record.createdAt,
        expiresAt: record.expiresAt,
        expiresAtMs: String(expiresAtMs),
        startedAt: "",
        decision: "null",
        execution: "null",
        signature: record.signature,
      };
      const ttl = String(ttlSeconds + this.graceSeconds);
      const args = [ttl, String(expiresAtMs), record.id, ...Object.entries(fields).flat()];
      const created = await this.redis.eval(SAVE, 2, this.key(record.id), this.openKey, ...args);
      if (created === 1) return record;
      // 72 random bits collided with a live plan: draw again.
    }
  }

  async get(id: string): Promise<PlanRecord | null> {
    if (!isPlanId(id)) return null;
    const hash = await this.redis.hgetall(this.key(id));
    if (Object.keys(hash).length === 0) return null;
    return this.toRecord(id, hash);
  }

  // The ids of the plans not yet final, oldest expiry first: small enough to hold all at once,
  // unlike their records (the reconciler reads those a page at a time).
  async openPlanIds(): Promise<string[]> {
    return this.redis.zrange(this.openKey, 0, -1);
  }

  // The plans not yet final (awaiting approval, approved, running), oldest expiry first, or
  // those of `some` (from openPlanIds); ids whose record is gone leave the index, unreadable ones
  // are named.
  async openPlans(
    some?: readonly string[],
  ): Promise<{ records: PlanRecord[]; unreadable: string[] }> {
    const ids = some ?? (await this.openPlanIds());
    const records: PlanRecord[] = [];
    const unreadable: string[] = [];
    for (const id of ids) {
      try {
        const record = await this.get(id);
        if (record === null) await this.redis.zrem(this.openKey, id);
        else records.push(record);
      } catch (error) {
        if (!(error instanceof PlanRecordInvalidError)) throw error;
        unreadable.push(id);
      }
    }
    return { records, unreadable };
  }

  // Is this record's plan still the one this store signed under this id? False when the plan,
  // its signature or its id was changed in Redis, or it was signed with another key.
  hasValidSignature(record: PlanRecord): boolean {
    return this.signer.verify(record.id, record.plan, record.signature);
  }

  async setMessageTs(id: string, ts: string): Promise<void> {
    if (!isPlanId(id)) return;
    // HSET only when the record exists: a late Slack reply must not create a stub.
    await this.redis.eval(SET_MESSAGE_TS, 1, this.key(id), ts);
  }

  // Moves the record to `to` only if its state is one of `from`, atomically. Approving a plan
  // past its expiresAt moves it to "expired" instead, and answers ok: false with that record;
  // expiring one moves it only once past its expiresAt. With a guard, the move happens only
  // while the guard's release lock is still held by it (the fencing check), and a move to
  // running records the lock's fence.
  async transition(
    id: string,
    from: readonly PlanState[],
    to: PlanState,
    patch: TransitionPatch = {},
    guard?: LockGuard,
  ): Promise<TransitionResult> {
    if (!isPlanId(id) || from.length === 0) return { ok: false, record: null };
    const now = this.now();
    const reply = await this.redis.eval(
      TRANSITION,
      3,
      this.key(id),
      this.openKey,
      guard?.key ?? this.key(id),
      to,
      String(now.getTime()),
      now.toISOString(),
      patch.decision === undefined ? "" : JSON.stringify(patch.decision),
      patch.execution === undefined ? "" : JSON.stringify(patch.execution),
      String(this.retentionSeconds),
      guard?.token ?? "",
      guard === undefined ? "" : String(guard.fence),
      id,
      randomBytes(9).toString("base64url"),
      ...from,
    );
    const parsed = scriptReply.safeParse(reply);
    if (!parsed.success)
      throw new PlanRecordInvalidError(id, "unexpected reply from Redis", parsed.error);
    const [status, ...flat] = parsed.data;
    if (flat.length === 0) return { ok: false, record: null };
    const hash: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i] ?? ""] = flat[i + 1] ?? "";
    const record = this.toRecord(id, hash);
    if (status === 1) return { ok: true, record };
    return status === 3 ? { ok: false, record, fenced: true } : { ok: false, record };
  }

  private toRecord(id: string, hash: Record<string, string>): PlanRecord {
    const parsed = storedRecordSchema.safeParse(hash);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PlanRecordInvalidError(
        id,
        `${issue?.path.join(".")}: ${issue?.message}`,
        parsed.error,
      );
    }
    const stored = parsed.data;
    // A record copied under another key must not pass for that key's plan.
    if (stored.id !== id) throw new PlanRecordInvalidError(id, "the record names another plan id");
    if (!isStoredPlan(stored.plan)) throw new PlanRecordInvalidError(id, "the plan is not a plan");
    return {
      id: stored.id,
      plan: stored.plan,
      context: { ...stored.context, messageTs: stored.messageTs === "" ? null : stored.messageTs },
      state: stored.state,
      createdAt: stored.createdAt,
      expiresAt: stored.expiresAt,
      decision: stored.decision,
      startedAt: stored.startedAt === "" ? null : stored.startedAt,
      execution: stored.execution,
      signature: stored.signature === "" ? null : stored.signature,
      fence: stored.fence,
    };
  }
}
