// The append-only audit trail: every request, plan, decision and execution goes to a capped
// Redis stream (for "what happened to this release?") and to one structured JSON log line (for
// the platform's log pipeline), so either survives the other being lost.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import { AUDIT_TYPES, type AuditEntry } from "../model/audit-entry.ts";
import type { ReleaseRef } from "../model/release.ts";
import { redactRequestText } from "../redact/redact-request-text.ts";
import { redactText } from "../redact/redact-text.ts";

export interface AuditLogOptions {
  // Stream key. Default "wheelhouse:audit".
  stream?: string;
  // Written on every entry and log line, so a shared log pipeline tells clusters apart.
  // Default "local".
  cluster?: string;
  // Approximate cap of the stream (XADD MAXLEN ~). Default 10000.
  maxLength?: number;
  // Receives one object per entry, for the structured log.
  log: (line: object) => void;
}

const streamEntrySchema = z.object({
  type: z.enum(AUDIT_TYPES),
  at: z.string(),
  actor: z.string(),
  channel: z.string(),
  release: z.string(),
  planId: z.string(),
  detail: z.string(),
  // Absent on entries written before clusters were recorded.
  cluster: z.string().optional(),
});

// KEYS[1] the stream, KEYS[2] this entry's own marker. ARGV: the cap, then the fields. Appends
// once: ioredis resends a command whose reply a Redis restart swallowed, and the marker (kept
// ten minutes, far longer than any reconnect) makes that resend a no-op instead of a copy.
const APPEND_ONCE = `
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', 600) then return 0 end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 2))
return 1`;

// XREVRANGE answers [[id, [field, value, ...]], ...].
const rangeReplySchema = z.array(z.tuple([z.string(), z.array(z.string())]));

// Pages read while looking for one release's entries (the stream is capped anyway).
const PAGE = 200;

function releaseField(release: ReleaseRef | null): string {
  return release === null ? "" : `${release.namespace}/${release.name}`;
}

function fromFields(flat: string[]): AuditEntry | null {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] ?? ""] = flat[i + 1] ?? "";
  const parsed = streamEntrySchema.safeParse(fields);
  if (!parsed.success) return null;
  const e = parsed.data;
  const slash = e.release.indexOf("/");
  return {
    type: e.type,
    at: e.at,
    actor: e.actor,
    channel: e.channel === "" ? null : e.channel,
    release:
      slash < 0 ? null : { namespace: e.release.slice(0, slash), name: e.release.slice(slash + 1) },
    planId: e.planId === "" ? null : e.planId,
    detail: e.detail,
    ...(e.cluster === undefined ? {} : { cluster: e.cluster }),
  };
}

// What is stored and logged: every string by the free-text rules, and the detail, which often
// repeats what someone typed ("set db auth.password=…"), by the request-text rules as well.
export function redactAuditEntry(entry: AuditEntry): AuditEntry {
  const release = entry.release && {
    name: redactText(entry.release.name),
    namespace: redactText(entry.release.namespace),
  };
  return {
    type: entry.type,
    at: redactText(entry.at),
    actor: redactText(entry.actor),
    channel: entry.channel === null ? null : redactText(entry.channel),
    release,
    planId: entry.planId === null ? null : redactText(entry.planId),
    detail: redactText(redactRequestText(entry.detail)),
    ...(entry.cluster === undefined ? {} : { cluster: redactText(entry.cluster) }),
  };
}

export class AuditLog {
  private readonly redis: Redis;
  private readonly stream: string;
  private readonly cluster: string;
  private readonly maxLength: number;
  private readonly log: (line: object) => void;

  constructor(redis: Redis, options: AuditLogOptions) {
    this.redis = redis;
    this.stream = options.stream ?? "wheelhouse:audit";
    this.cluster = options.cluster ?? "local";
    this.maxLength = options.maxLength ?? 10_000;
    this.log = options.log;
  }

  async append(entry: AuditEntry): Promise<void> {
    const safe = redactAuditEntry({ ...entry, cluster: this.cluster });
    // The log line first: it must exist even when Redis is the thing that is failing.
    this.log({ msg: "audit", ...safe });
    const once = `${this.stream}:once:${randomBytes(9).toString("base64url")}`;
    await this.redis.eval(
      APPEND_ONCE,
      2,
      this.stream,
      once,
      String(this.maxLength),
      "type",
      safe.type,
      "at",
      safe.at,
      "actor",
      safe.actor,
      "channel",
      safe.channel ?? "",
      "release",
      releaseField(safe.release),
      "planId",
      safe.planId ?? "",
      "detail",
      safe.detail,
      "cluster",
      safe.cluster ?? "",
    );
  }

  // Newest first; with a release, only that release's entries; with `where`, only the entries
  // it accepts (what the asking channel may read).
  async recent(query: {
    release?: ReleaseRef;
    limit: number;
    where?: (entry: AuditEntry) => boolean;
  }): Promise<AuditEntry[]> {
    const wanted = query.release === undefined ? null : releaseField(query.release);
    const filtered = wanted !== null || query.where !== undefined;
    const found: AuditEntry[] = [];
    let end = "+";
    while (found.length < query.limit) {
      const count = filtered ? PAGE : query.limit - found.length;
      const reply = rangeReplySchema.parse(
        await this.redis.xrevrange(this.stream, end, "-", "COUNT", count),
      );
      for (const [, fields] of reply) {
        const entry = fromFields(fields);
        if (entry === null) continue;
        if (wanted !== null && releaseField(entry.release) !== wanted) continue;
        if (query.where !== undefined && !query.where(entry)) continue;
        found.push(entry);
        if (found.length === query.limit) break;
      }
      const last = reply.at(-1);
      if (last === undefined || reply.length < count) break;
      // Exclusive range: continue strictly before the last id read.
      end = `(${last[0]}`;
    }
    return found;
  }
}
