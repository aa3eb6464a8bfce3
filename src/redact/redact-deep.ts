// For any plain data on its way out (log fields, audit entries, messages): keys by the key
// rules, every string by the free-text and embedded-file rules. Pure.
import { redactValues } from "./redact-values.ts";

export function redactDeep(value: unknown): unknown {
  return redactValues(value);
}
