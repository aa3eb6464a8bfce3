// The structured log (pino) redacts inside pino: msg, every field, child bindings, errors
// (message, stack, causes) and Bolt's own messages, whoever logged them; the time and level stay.
import { describe, expect, it } from "vitest";
import { childLog, createJsonLog, redactLogLine } from "../../../src/observe/log.ts";
import { boltLogger } from "../../../src/slack/bolt-logger.ts";

const URL_SECRET = "Pq9xWm2Lr7Vt";
const TOKEN = "xoxb-123456789012-AbCdEfGhIjKl";
const dsn = `postgres://app:${URL_SECRET}@db:5432/app`;

function capture(level = "debug") {
  const lines: string[] = [];
  return { log: createJsonLog(level, (l) => lines.push(l), { role: "all" }), lines };
}

describe("createJsonLog", () => {
  it("redacts the message and every field, nested ones and arrays included", () => {
    const { log, lines } = capture();
    log("warn", `could not reach ${dsn}`, {
      planId: "Abcdefghijkl",
      nested: { urls: [dsn], note: `token ${TOKEN}` },
      password: "plain-hunter22",
    });
    const out = lines.join("\n");
    for (const secret of [URL_SECRET, TOKEN, "plain-hunter22"]) expect(out).not.toContain(secret);
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line).toMatchObject({ level: "warn", role: "all", planId: "Abcdefghijkl" });
    expect(typeof line.time).toBe("string");
  });

  it("spells errors out, with code, stack and causes, redacted like the rest", () => {
    const { log, lines } = capture();
    const cause = Object.assign(new Error(`connect ECONNREFUSED ${dsn}`), { code: "ECONNREFUSED" });
    log("error", "request failed", { error: new Error(`helm said ${TOKEN}`, { cause }) });
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line.error.name).toBe("Error");
    expect(line.error.stack).toContain("log.test.ts");
    expect(line.error.cause.code).toBe("ECONNREFUSED");
    expect(lines[0]).not.toContain(TOKEN);
    expect(lines[0]).not.toContain(URL_SECRET);
  });

  it("gives each plan and job a child whose fields are on every line, redacted too", () => {
    const { log, lines } = capture();
    const job = childLog(childLog(log, { planId: "Abcdefghijkl" }), {
      jobId: "Abcdefghijkl",
      source: dsn,
    });
    job("info", "helm finished", { exitCode: 0 });
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line).toMatchObject({
      level: "info",
      msg: "helm finished",
      planId: "Abcdefghijkl",
      jobId: "Abcdefghijkl",
      exitCode: 0,
      role: "all",
    });
    expect(lines[0]).not.toContain(URL_SECRET);
    // A plain function (tests, the playground) gets the same fields by wrapping.
    const seen: unknown[] = [];
    childLog((_l, _m, fields) => seen.push(fields), { planId: "p1" })("warn", "x", { a: 1 });
    expect(seen).toEqual([{ planId: "p1", a: 1 }]);
  });

  it("writes pino's JSON: ISO time, level by name, pid and host", () => {
    const { log, lines } = capture();
    log("debug", "hello");
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(line).toMatchObject({ level: "debug", pid: process.pid, msg: "hello" });
    expect(typeof line.hostname).toBe("string");
  });

  it("filters by level before anything is written", () => {
    const { log, lines } = capture("warn");
    log("info", "quiet");
    log("error", "loud");
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["loud"]);
  });

  it("carries Bolt's own messages, redacted, into the same stream", () => {
    const { log, lines } = capture();
    const bolt = boltLogger(log);
    bolt.setName("web-api");
    bolt.debug("http request url:", `https://u:${URL_SECRET}@slack.example`);
    bolt.error(new Error(`invalid_auth for ${TOKEN}`));
    expect(lines).toHaveLength(2);
    expect(lines.join("\n")).not.toMatch(new RegExp(`${URL_SECRET}|${TOKEN}`));
    expect(JSON.parse(lines[0] ?? "{}").component).toBe("web-api");
  });
});

describe("redactLogLine", () => {
  it("keeps a line without credentials as it was", () => {
    const line = { time: "t", level: "info", msg: "slack app listening", port: 3000, ok: true };
    expect(redactLogLine(line)).toEqual(line);
  });
});
