// The audit log on the real Redis: every entry goes to the stream and to the log, newest first,
// filtered by release, capped, and with credential-looking text hidden.
import { afterAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../../src/model/audit-entry.ts";
import { AuditLog } from "../../../src/store/audit-log.ts";
import { createTestRedis } from "./redis-test-support.ts";

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    type: "request",
    at: "2026-05-01T12:00:00.000Z",
    actor: "U0CAROL",
    channel: "C0SHOP",
    release: { name: "web", namespace: "shop" },
    planId: null,
    detail: "upgrade web to 1.2.0",
    ...overrides,
  };
}

describe("AuditLog", () => {
  const test = createTestRedis("audit");
  const lines: object[] = [];
  const audit = new AuditLog(test.redis, {
    stream: `${test.prefix}:audit`,
    cluster: "eu-1",
    log: (line) => lines.push(line),
  });
  // What comes back: the entry, naming the cluster it was written for.
  const stored = (overrides: Partial<AuditEntry> = {}) => ({
    ...entry(overrides),
    cluster: "eu-1",
  });
  afterAll(() => test.cleanup());

  it("appends to the stream and writes one structured log line per entry", async () => {
    await audit.append(entry());
    await audit.append(entry({ type: "approval", actor: "U0ALICE", planId: "Abcdefghijkl" }));
    expect(lines).toEqual([
      { msg: "audit", ...stored() },
      { msg: "audit", ...stored({ type: "approval", actor: "U0ALICE", planId: "Abcdefghijkl" }) },
    ]);
    expect(await test.redis.xlen(`${test.prefix}:audit`)).toBe(2);
    expect(await audit.recent({ limit: 10 })).toEqual([
      stored({ type: "approval", actor: "U0ALICE", planId: "Abcdefghijkl" }),
      stored(),
    ]);
  });

  it("filters by release across pages and keeps nulls as nulls", async () => {
    const api = { name: "api", namespace: "shop" };
    await audit.append(entry({ release: api, detail: "oldest api" }));
    for (let i = 0; i < 450; i++) await audit.append(entry({ detail: `web ${i}` }));
    await audit.append(entry({ release: null, channel: null, type: "refusal", detail: "none" }));
    const apiEntries = await audit.recent({ release: api, limit: 5 });
    expect(apiEntries.map((e) => e.detail)).toEqual(["oldest api"]);
    const latest = await audit.recent({ limit: 2 });
    expect(latest[0]).toMatchObject({ release: null, channel: null, detail: "none" });
    expect(latest[1]?.detail).toBe("web 449");
    expect(
      await audit.recent({ release: { name: "web", namespace: "shop" }, limit: 3 }),
    ).toHaveLength(3);
  });

  it("hides credential-looking lines in the detail, in the stream and in the log", async () => {
    await audit.append(entry({ detail: "helm said:\npostgres://admin:hunter2@db:5432/app" }));
    const [latest] = await audit.recent({ limit: 1 });
    expect(latest?.detail).not.toContain("hunter2");
    expect(JSON.stringify(lines.at(-1))).not.toContain("hunter2");
  });

  it("redacts what was typed, and every other field, before storing or logging", async () => {
    await audit.append(
      entry({
        detail: "set web -n shop --set db.password=plain-hunter22",
        actor: "U0CAROL postgres://a:Pq9xWm2Lr7Vt@db/x",
      }),
    );
    const [latest] = await audit.recent({ limit: 1 });
    const stored = JSON.stringify(latest);
    const logged = JSON.stringify(lines.at(-1));
    for (const text of [stored, logged]) {
      expect(text).not.toContain("plain-hunter22");
      expect(text).not.toContain("Pq9xWm2Lr7Vt");
    }
    expect(latest?.release).toEqual({ name: "web", namespace: "shop" });
  });

  it("caps the stream at about its maximum length", async () => {
    const capped = new AuditLog(test.redis, {
      stream: `${test.prefix}:capped`,
      maxLength: 100,
      log: () => undefined,
    });
    for (let i = 0; i < 500; i++) await capped.append(entry({ detail: String(i) }));
    const length = await test.redis.xlen(`${test.prefix}:capped`);
    expect(length).toBeLessThan(300);
    expect(length).toBeGreaterThanOrEqual(100);
  });
});
