// For any plain data on its way out (log fields, audit entries, messages): keys by the key
// rules, every string by the free-text rules. Pure.
import { redactText } from "./redact-text.ts";
import { redactValues } from "./redact-values.ts";

export function redactDeep(value: unknown): unknown {
  const structured = redactValues(value);
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return redactText(node);
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node === "object" && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return walk(structured);
}
