// Plans in Redis: one hash per plan, the Plan itself written once (with its HMAC) and never
// touched again, and a state machine whose every move is one Lua script, so concurrent approvals
// (or a second worker) cannot both win. Expired plans cannot be approved.
import type { Redis } from "ioredis";
import { z } from "zod";
import type { PlanSigner } from "../plan/create-plan-signer.ts";
import type { Plan } from "../plan/plan-types.ts";
import { isPlanId, newPlanId } from "./plan-id.ts";
import type { PlanContext, PlanRecord, PlanState } from "./plan-record.ts";
import { isStoredPlan, storedRecordSchema } from "./plan-record-schema.ts";

export interface PlanStoreOptions {
  // Signs every plan as it is saved (WHEELHOUSE_PLAN_KEY); hasValidSignature checks it back.
  signer: PlanSigner;
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
  | { ok: false; record: PlanRecord | null };
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

// KEYS[1] the record. ARGV: record fields as name/value pairs, then the TTL as the last one.
const SAVE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
for i = 1, #ARGV - 1, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[#ARGV]))
return 1
`;

// KEYS[1] the record. ARGV: to, now (ms), now (ISO), decision JSON or "", execution JSON or "",
// retention seconds, then the states it may move from. Returns {status, HGETALL...}: 1 moved,
// 0 not moved (or no record), 2 expired instead of approved.
const TRANSITION = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {0} end
local allowed = false
for i = 7, #ARGV do if ARGV[i] == state then allowed = true end end
if not allowed then
  local out = {0}
  for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(out, v) end
  return out
end
local to = ARGV[1]
local status = 1
if to == 'approved' and state == 'awaiting_approval' then
  local expires = tonumber(redis.call('HGET', KEYS[1], 'expiresAtMs'))
  if expires and tonumber(ARGV[2]) > expires then
    to = 'expired'
    status = 2
  end
end
redis.call('HSET', KEYS[1], 'state', to)
if status == 1 then
  if to == 'running' then redis.call('HSET', KEYS[1], 'startedAt', ARGV[3]) end
  if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'decision', ARGV[4]) end
  if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'execution', ARGV[5]) end
  local retention = tonumber(ARGV[6])
  if redis.call('TTL', KEYS[1]) < retention then redis.call('EXPIRE', KEYS[1], retention) end
end
local out = {status}
for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(out, v) end
return out
`;

const scriptReply = z.tuple([z.number()], z.string());

export class PlanStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly graceSeconds: number;
  private readonly retentionSeconds: number;
  private readonly now: () => Date;
  private readonly signer: PlanSigner;

  constructor(redis: Redis, options: PlanStoreOptions) {
    this.redis = redis;
    this.signer = options.signer;
    this.prefix = options.prefix ?? "wheelhouse";
    this.graceSeconds = options.graceSeconds ?? 86_400;
    this.retentionSeconds = options.retentionSeconds ?? 604_800;
    this.now = options.now ?? (() => new Date());
  }

  private key(id: string): string {
    return `${this.prefix}:plan:${id}`;
  }

  // A new record awaiting approval; ttlSeconds is the approval window (policy planTtlMinutes).
  async save(plan: Plan, context: PlanContext, ttlSeconds: number): Promise<PlanRecord> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new RangeError(`a plan's TTL is a positive number of seconds, not ${ttlSeconds}`);
    }
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
      const args = [...Object.entries(fields).flat(), String(ttlSeconds + this.graceSeconds)];
      const created = await this.redis.eval(SAVE, 1, this.key(record.id), ...args);
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

  // Is this record's plan still the one this store signed under this id? False when the plan,
  // its signature or its id was changed in Redis, or it was signed with another key.
  hasValidSignature(record: PlanRecord): boolean {
    return this.signer.verify(record.id, record.plan, record.signature);
  }

  async setMessageTs(id: string, ts: string): Promise<void> {
    if (!isPlanId(id)) return;
    // HSET only when the record exists: a late Slack reply must not create a stub.
    await this.redis.eval(
      "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'messageTs', ARGV[1]) end return 1",
      1,
      this.key(id),
      ts,
    );
  }

  // Moves the record to `to` only if its state is one of `from`, atomically. Approving a plan
  // past its expiresAt moves it to "expired" instead, and answers ok: false with that record.
  async transition(
    id: string,
    from: readonly PlanState[],
    to: PlanState,
    patch: TransitionPatch = {},
  ): Promise<TransitionResult> {
    if (!isPlanId(id) || from.length === 0) return { ok: false, record: null };
    const now = this.now();
    const reply = await this.redis.eval(
      TRANSITION,
      1,
      this.key(id),
      to,
      String(now.getTime()),
      now.toISOString(),
      patch.decision === undefined ? "" : JSON.stringify(patch.decision),
      patch.execution === undefined ? "" : JSON.stringify(patch.execution),
      String(this.retentionSeconds),
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
    return status === 1 ? { ok: true, record } : { ok: false, record };
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
    };
  }
}
