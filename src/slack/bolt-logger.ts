// The process log in the shape Bolt wants, so its own messages land in the same (redacted) stream.
import type { Logger } from "@slack/bolt";
import { LogLevel } from "@slack/bolt";
import type { Log } from "../observe/log.ts";

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
