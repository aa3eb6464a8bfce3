// Structured JSON log lines on stdout, filtered by LOG_LEVEL; and the same log in the shape
// Bolt wants, so its own messages land in the same stream. The writer redacts every line (msg,
// each field, errors with their message, stack and causes): no caller has to remember to.
import type { Logger } from "@slack/bolt";
import { LogLevel } from "@slack/bolt";
import { redactDeep } from "../redact/redact-deep.ts";

export type Level = "debug" | "info" | "warn" | "error";
export type Log = (level: Level, msg: string, fields?: Record<string, unknown>) => void;

const ORDER: Record<string, number> = {
  trace: 0,
  debug: 1,
  info: 2,
  warn: 3,
  error: 4,
  fatal: 5,
  silent: 6,
};

export function createJsonLog(
  level: string,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  base: Record<string, unknown> = {},
): Log {
  const min = ORDER[level] ?? ORDER.info ?? 2;
  return (lineLevel, msg, fields = {}) => {
    if ((ORDER[lineLevel] ?? 0) < min) return;
    const line = { time: new Date().toISOString(), level: lineLevel, msg, ...base, ...fields };
    write(JSON.stringify(redactLogLine(line)));
  };
}

// Errors serialise as {} in JSON: spelled out (and redacted like the rest) instead.
function plainError(error: Error, depth: number): Record<string, unknown> {
  const code = "code" in error ? error.code : undefined;
  return {
    name: error.name,
    message: error.message,
    ...(code === undefined ? {} : { code }),
    ...(error.stack ? { stack: error.stack } : {}),
    ...(error.cause === undefined ? {} : { cause: plain(error.cause, depth + 1) }),
  };
}

function plain(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[too deep]";
  if (value instanceof Error) return plainError(value, depth);
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, depth + 1)]));
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}

// One log line as it may leave the process: key rules on field names, free-text rules on every
// string, the time and level kept as they are.
export function redactLogLine(line: Record<string, unknown>): Record<string, unknown> {
  const { time, level, ...rest } = line;
  const redacted = redactDeep(plain(rest));
  return {
    time,
    level,
    ...(typeof redacted === "object" && redacted !== null ? redacted : {}),
  };
}

export const silentLog: Log = () => {};

function text(parts: unknown[]): string {
  return parts
    .map((p) => (p instanceof Error ? p.message : typeof p === "string" ? p : JSON.stringify(p)))
    .join(" ");
}

export function boltLogger(log: Log): Logger {
  let level = LogLevel.INFO;
  let name = "bolt";
  return {
    debug: (...msg) => log("debug", text(msg), { component: name }),
    info: (...msg) => log("info", text(msg), { component: name }),
    warn: (...msg) => log("warn", text(msg), { component: name }),
    error: (...msg) => log("error", text(msg), { component: name }),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
    },
  };
}
