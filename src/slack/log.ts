// Structured JSON log lines on stdout, filtered by LOG_LEVEL; and the same log in the shape
// Bolt wants, so its own messages land in the same stream.
import type { Logger } from "@slack/bolt";
import { LogLevel } from "@slack/bolt";

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
    write(
      JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg, ...base, ...fields }),
    );
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
