// Turns whatever a model answered into an Intent Wheelhouse can trust, or refuses it. The
// answer is read with a schema, every field goes through the same validators as the rules
// analyser, the release is settled against the inventory by the same resolution code (a
// model can name no release that is not there), and fields the contract does not have are
// dropped, never passed on.
import { z } from "zod";
import { emptyIntent, type Intent, intentSchema, operationSchema } from "../model/intent.ts";
import {
  chartVersionSchema,
  namespaceSchema,
  revisionSchema,
  setKeySchema,
  setValueSchema,
} from "../model/names.ts";
import type { ReleaseSummary } from "../model/release.ts";
import { REDACTED } from "../redact/redacted.ts";
import { applyResolution } from "./apply-resolution.ts";
import { clarify } from "./clarify.ts";
import type { NamespaceHint } from "./find-namespace-hints.ts";
import { type FindReleaseResult, suggestNames } from "./find-release.ts";
import { getInventoryIndex, type InventoryIndex } from "./inventory-index.ts";
import { isSafeText } from "./parse-set-value.ts";
import { resolveNamespace } from "./resolve-namespace.ts";
import { resolveRelease } from "./resolve-release.ts";
import { tokenize } from "./tokenize.ts";

const ref = z.object({ name: z.string(), namespace: z.string().nullish() });

// Lenient on shape (nulls may be missing), strict on meaning (checked field by field below).
export const modelAnswerSchema = z.object({
  operation: operationSchema,
  release: ref.nullish(),
  namespace: z.string().nullish(),
  statusFilter: z.string().nullish(),
  targetVersion: z.string().nullish(),
  targetRevision: z.number().nullish(),
  set: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
  clarification: z.string().nullish(),
  candidates: z.array(ref).nullish(),
});

export type ModelAnswerCheck =
  | { ok: true; intent: Intent; droppedFields: string[] }
  | { ok: false; reason: string };

const KNOWN_FIELDS = new Set(Object.keys(modelAnswerSchema.shape));
const STATUS_FILTERS = intentSchema.shape.statusFilter.unwrap().options;
type StatusFilter = (typeof STATUS_FILTERS)[number];

function isStatusFilter(value: string): value is StatusFilter {
  return STATUS_FILTERS.some((s) => s === value);
}

// The model's release name, settled exactly as if a person had typed it.
function resolveNamed(
  name: string,
  namespace: string | null,
  index: InventoryIndex,
): FindReleaseResult {
  const tokens = tokenize(name.toLowerCase());
  const input = { tokens, eligible: tokens.map(() => true), content: tokens.map(() => true) };
  const hints: NamespaceHint[] =
    namespace === null
      ? []
      : [
          {
            raw: namespace,
            namespaces: resolveNamespace(namespace, index, false),
            explicit: true,
            wordIndex: -1,
            tokenIndices: [],
          },
        ];
  const found = resolveRelease(input, index, hints);
  if (found.kind !== "none") return found;
  return { kind: "not-found", query: name, suggestions: suggestNames(index, name.toLowerCase()) };
}

function reject(reason: string): ModelAnswerCheck {
  return { ok: false, reason };
}

export function resolveModelAnswer(
  answer: unknown,
  inventory: readonly ReleaseSummary[],
): ModelAnswerCheck {
  const parsed = modelAnswerSchema.safeParse(answer);
  if (!parsed.success)
    return reject(
      `answer does not fit the schema: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  const a = parsed.data;
  const droppedFields =
    answer && typeof answer === "object"
      ? Object.keys(answer).filter((k) => !KNOWN_FIELDS.has(k))
      : [];
  const index = getInventoryIndex(inventory);
  const intent = emptyIntent(a.operation);
  const op = a.operation;

  if (a.release) {
    const namespace = a.release.namespace ?? null;
    // Letters, digits, '.', '-' and spaces ("shop frontend"), never a leading dash.
    if (!/^[a-z0-9][a-z0-9. -]{0,62}$/i.test(a.release.name))
      return reject("release name is not a name");
    if (namespace !== null && !namespaceSchema.safeParse(namespace).success)
      return reject("release namespace is not a namespace");
  }
  if (a.namespace != null && !namespaceSchema.safeParse(a.namespace).success)
    return reject("namespace is not a namespace");
  if (a.statusFilter != null && !isStatusFilter(a.statusFilter))
    return reject("statusFilter is not a helm status");
  if (
    a.targetVersion != null &&
    a.targetVersion !== "latest" &&
    !chartVersionSchema.safeParse(a.targetVersion).success
  ) {
    return reject("targetVersion is not a chart version");
  }
  if (a.targetRevision != null && !revisionSchema.safeParse(a.targetRevision).success)
    return reject("targetRevision is not a revision");
  for (const [key, value] of Object.entries(a.set ?? {})) {
    const safe = typeof value !== "string" || isSafeText(value);
    if (!setKeySchema.safeParse(key).success || !setValueSchema.safeParse(value).success || !safe) {
      return reject("set holds a key or value that cannot be passed to helm");
    }
    // The model sees the message redacted: a value it echoes back as REDACTED was never typed.
    if (typeof value === "string" && value.includes(REDACTED)) {
      return reject("set holds a value the model could not see (it was redacted)");
    }
  }

  if (op === "list") {
    intent.namespace = a.namespace ?? null;
    intent.statusFilter =
      a.statusFilter != null && isStatusFilter(a.statusFilter) ? a.statusFilter : null;
  } else if (op !== "help" && op !== "unknown") {
    if (a.release) {
      applyResolution(intent, resolveNamed(a.release.name, a.release.namespace ?? null, index), op);
    } else {
      // Only releases that exist may be offered as choices.
      intent.candidates = (a.candidates ?? []).flatMap((c) =>
        (index.byName.get(c.name.toLowerCase()) ?? [])
          .filter((r) => r.namespace === c.namespace)
          .map((r) => ({ name: r.name, namespace: r.namespace })),
      );
      intent.clarification = clarify.whichRelease(op);
    }
    if (op === "upgrade") intent.targetVersion = a.targetVersion ?? null;
    if (op === "rollback") intent.targetRevision = a.targetRevision ?? null;
    if (op === "set-values" || op === "upgrade")
      intent.set = a.set && Object.keys(a.set).length > 0 ? a.set : null;
    if (op === "set-values" && !intent.set) intent.clarification ??= clarify.missingValue();
  }
  // The model's own question is shown to people: only plain sentences pass.
  const question = a.clarification?.trim();
  if (question && intent.clarification === null && op !== "help") {
    intent.clarification =
      isSafeText(question) && !/(?:^|\s)--?[a-z]/i.test(question)
        ? question.slice(0, 500)
        : clarify.unknown();
  }
  if (op === "unknown") intent.clarification ??= clarify.unknown();
  const checked = intentSchema.safeParse(intent);
  if (!checked.success) return reject("answer does not fit the intent contract");
  return { ok: true, intent: checked.data, droppedFields };
}
