// Every string the renderers show, replaced by text that would ping, link or break out of its
// markup if any renderer let it through: what helm output, events, logs, annotations, user text
// and model answers can hold.
import { emptyIntent, type Intent } from "../../../src/model/intent.ts";

export const HOSTILE =
  "<!channel> <!here> <!subteam^S0EVIL|@oncall> <@U0EVIL> <#C0EVIL|ops> <https://evil.example/?a=1&b=2|click> &lt;!everyone&gt; `tick` ```fence``` *bold* _italic_ ~strike~ {@U0EVIL} [x](https://evil.example) **strong**\n> quoted";

// Discriminants the renderers switch on: the types allow no other value, so they stay.
const KEEP = new Set([
  "operation",
  "state",
  "outcome",
  "change",
  "effect",
  "fate",
  "level",
  "mode",
  "verdict",
  "versionChange",
  "strategy",
  "valuesStrategy",
  "source",
  "type",
]);

function walk(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      if (typeof item === "string") node[i] = `${item} ${HOSTILE}`;
      else walk(item);
    });
    return;
  }
  if (typeof node !== "object" || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === "string") {
      if (!KEEP.has(key)) Reflect.set(node, key, `${value} ${HOSTILE}`);
    } else walk(value);
  }
}

// A deep copy with every string leaf (but the discriminants) made hostile.
export function hostile<T>(value: T): T {
  const copy = structuredClone(value);
  walk(copy);
  return copy;
}

// Free-form maps (values, --set) get a hostile key too: keys are shown as much as values.
export const hostileValues = { [HOSTILE]: HOSTILE, nested: { [`a.${HOSTILE}`]: [HOSTILE] } };

export const hostileIntent = (candidates: number): Intent => ({
  ...emptyIntent("upgrade"),
  clarification: HOSTILE,
  candidates: Array.from({ length: candidates }, (_, i) => ({
    name: `web-${i} ${HOSTILE}`,
    namespace: HOSTILE,
  })),
});
