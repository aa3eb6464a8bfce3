// What alert and watcher threads are given: the chat, the diagnosis, the plan maker and a log.
import type { DiagnoseRelease } from "../model/diagnosis.ts";
import { redactDeep } from "../redact/redact-deep.ts";
import type { ProposePlan, ThreadPoster } from "./thread-poster.ts";

export type AlertLogLevel = "debug" | "info" | "warn" | "error";
export type AlertLog = (
  level: AlertLogLevel,
  msg: string,
  fields?: Record<string, unknown>,
) => void;

export interface ThreadDeps {
  poster: ThreadPoster;
  diagnose: DiagnoseRelease;
  // Without it, threads show the recommendation without a plan to approve.
  proposePlan?: ProposePlan;
  log: AlertLog;
  // Default: the clock.
  now?: () => Date;
}

// Log fields hold alert labels and error messages: they are redacted like any other output.
export function logRedacted(
  log: AlertLog,
  level: AlertLogLevel,
  msg: string,
  fields: Record<string, unknown>,
): void {
  const safe = redactDeep(fields);
  log(
    level,
    msg,
    typeof safe === "object" && safe !== null && !Array.isArray(safe) ? { ...safe } : {},
  );
}

export function errorFields(error: unknown): Record<string, unknown> {
  const code =
    typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  return { code, error: error instanceof Error ? error.message : String(error) };
}
