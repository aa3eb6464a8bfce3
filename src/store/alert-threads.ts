// One chat thread per Alertmanager group, kept in Redis under a hash of its groupKey with a TTL
// (a group silent for longer gets a new thread). Work on a group runs under a mutex, so replicas
// receiving the same notification never post the same thread twice and never lose an update.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import { withRedisMutex } from "./redis-mutex.ts";

const releaseRefSchema = z.object({ name: z.string(), namespace: z.string() });

const targetSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("release"),
    release: releaseRefSchema,
    workload: z.string(),
    via: z.enum(["helm-annotation", "instance-label"]),
  }),
  z.object({
    kind: z.literal("unknown"),
    namespace: z.string().nullable(),
    workload: z.string().nullable(),
    reason: z.string(),
  }),
]);

export const threadAlertSchema = z.object({
  fingerprint: z.string(),
  status: z.enum(["firing", "resolved"]),
  alertname: z.string(),
  // The alert's summary or description annotation, redacted.
  summary: z.string(),
  severity: z.string().nullable(),
  target: targetSchema,
  startsAt: z.string(),
  endsAt: z.string(),
});
export type ThreadAlert = z.infer<typeof threadAlertSchema>;

export const alertThreadRecordSchema = z.object({
  groupKey: z.string(),
  channel: z.string(),
  threadTs: z.string(),
  status: z.enum(["firing", "resolved"]),
  groupLabels: z.record(z.string(), z.string()),
  openedAt: z.string(),
  updatedAt: z.string(),
  notifications: z.number().int().positive(),
  alerts: z.array(threadAlertSchema),
  // "namespace/name" of every release this thread has diagnosed.
  diagnosed: z.array(z.string()),
});
export type AlertThreadRecord = z.infer<typeof alertThreadRecordSchema>;

export class AlertThreadRecordError extends Error {
  readonly code = "alert_thread_record_invalid";
  constructor(key: string, cause: unknown) {
    super(`The alert thread record ${key} in Redis is not readable.`, { cause });
    this.name = "AlertThreadRecordError";
  }
}

export interface AlertThreadStoreOptions {
  // Key prefix. Default "wheelhouse".
  prefix?: string;
  // How long a group's work may wait for another replica's. Default 60 s.
  waitMs?: number;
}

export interface AlertThreadStore {
  // Runs fn alone for this group across every replica.
  withGroup<T>(groupKey: string, fn: () => Promise<T>): Promise<T>;
  get(groupKey: string): Promise<AlertThreadRecord | null>;
  save(record: AlertThreadRecord, ttlSeconds: number): Promise<void>;
}

export function createAlertThreadStore(
  redis: Redis,
  options: AlertThreadStoreOptions = {},
): AlertThreadStore {
  const prefix = options.prefix ?? "wheelhouse";
  // groupKeys are long and full of quotes and braces; a digest makes a tidy, bounded key.
  const id = (groupKey: string) => createHash("sha256").update(groupKey).digest("hex").slice(0, 32);
  const recordKey = (groupKey: string) => `${prefix}:alert-thread:${id(groupKey)}`;
  return {
    withGroup: (groupKey, fn) =>
      withRedisMutex(redis, `${prefix}:alert-thread-lock:${id(groupKey)}`, fn, {
        waitMs: options.waitMs ?? 60_000,
      }),
    async get(groupKey) {
      const key = recordKey(groupKey);
      const text = await redis.get(key);
      if (text === null) return null;
      try {
        const record = alertThreadRecordSchema.parse(JSON.parse(text));
        // A digest collision is not this group's thread.
        return record.groupKey === groupKey ? record : null;
      } catch (cause) {
        throw new AlertThreadRecordError(key, cause);
      }
    },
    async save(record, ttlSeconds) {
      await redis.set(recordKey(record.groupKey), JSON.stringify(record), "EX", ttlSeconds);
    },
  };
}
