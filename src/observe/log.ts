// Structured JSON log lines on stdout through pino, filtered by LOG_LEVEL. Every line is redacted
// inside pino itself (the message by a logMethod hook; fields, bindings and errors by formatters),
// so children and Bolt's own messages are covered too: no caller has to remember to.
import { hostname } from "node:os";
import pino, { type Logger } from "pino";
import { redactDeep } from "../redact/redact-deep.ts";
import { redactText } from "../redact/redact-text.ts";

export type Level = "debug" | "info" | "warn" | "error";
export interface Log {
  (level: Level, msg: string, fields?: Record<string, unknown>): void;
  // The same log with fields on every line (a plan's id, a job's); absent on plain functions.
  child?: (bindings: Record<string, unknown>) => Log;
}

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

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

function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const redacted = redactDeep(plain(fields));
  return typeof redacted === "object" && redacted !== null && !Array.isArray(redacted)
    ? Object.fromEntries(Object.entries(redacted))
    : {};
}

// One log line as it may leave the process: key rules on field names, free-text rules on every
// string, the time and level kept as they are.
export function redactLogLine(line: Record<string, unknown>): Record<string, unknown> {
  const { time, level, ...rest } = line;
  return { time, level, ...redactFields(rest) };
}

function fromPino(logger: Logger): Log {
  const log: Log = (level, msg, fields = {}) => logger[level](fields, msg);
  // pino writes a child's bindings as they are (formatters.bindings is for the root's only).
  log.child = (bindings) => fromPino(logger.child(redactFields(bindings)));
  return log;
}

export function createJsonLog(
  level: string,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  base: Record<string, unknown> = {},
): Log {
  const logger = pino(
    {
      level: LEVELS.has(level) ? level : "info",
      base: { pid: process.pid, hostname: hostname(), ...base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: redactFields,
        log: redactFields,
      },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args;
          const texts = rest.map((a) => (typeof a === "string" ? redactText(a) : a));
          const head = typeof first === "string" ? redactText(first) : first;
          method.apply(this, [head, ...texts] as Parameters<typeof method>);
        },
      },
    },
    { write: (line: string) => write(line.replace(/\n$/, "")) },
  );
  return fromPino(logger);
}

// The same log with fields on every line: pino's child when there is one.
export function childLog(log: Log, bindings: Record<string, unknown>): Log {
  if (log.child) return log.child(bindings);
  return (level, msg, fields = {}) => log(level, msg, { ...bindings, ...fields });
}

export const silentLog: Log = () => {};
