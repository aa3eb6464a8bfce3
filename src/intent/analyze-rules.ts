// The embedded analyser: turns one chat message into an Intent with no model and no I/O.
// It also says whether it is sure (settled) and whether its answer is a safety verdict
// (final) that no model may overrule.
import {
  emptyIntent,
  type Intent,
  intentSchema,
  MUTATING_OPERATIONS,
  type Operation,
} from "../model/intent.ts";
import { isNamespace } from "../model/names.ts";
import type { ReleaseSummary } from "../model/release.ts";
import { applyResolution } from "./apply-resolution.ts";
import { type BaseOperation, baseOperation, chooseOperation } from "./choose-operation.ts";
import { chooseRequestLine } from "./choose-request-line.ts";
import { clarify } from "./clarify.ts";
import { isAcknowledgement } from "./detect-acknowledgement.ts";
import { extractStatusFilter } from "./extract-status-filter.ts";
import { extractTargetVersion } from "./extract-target-version.ts";
import { fillTargets } from "./fill-targets.ts";
import { findBareNamespaceWords } from "./find-namespace-hints.ts";
import { type FindReleaseResult, findRelease } from "./find-release.ts";
import { getInventoryIndex, type InventoryIndex } from "./inventory-index.ts";
import { type ReadMessage, readMessage } from "./read-message.ts";

export interface RulesAnalysis {
  intent: Intent;
  // Sure enough that no model needs to be asked.
  settled: boolean;
  // A safety verdict (shell syntax, refused flags, many releases) no model may overrule.
  final: boolean;
}

function listNamespace(msg: ReadMessage, index: InventoryIndex): string | null {
  if (msg.cli.allNamespaces) return null;
  for (const hint of msg.hints) {
    if (hint.namespaces.length === 1) return hint.namespaces[0] ?? null;
    if (isNamespace(hint.raw) && hint.namespaces.length === 0) return hint.raw;
  }
  // "list prod": a bare word that names a namespace.
  return msg.tokens.find((t) => index.byNamespace.has(t.word))?.word ?? null;
}

function finish(intent: Intent, settled: boolean, final: boolean): RulesAnalysis {
  const parsed = intentSchema.safeParse(intent);
  if (parsed.success) return { intent: parsed.data, settled, final };
  // A value that passed every check above but not the contract: ask, never guess.
  const fallback = { ...emptyIntent(intent.operation), clarification: clarify.unknown() };
  return { intent: intentSchema.parse(fallback), settled: false, final };
}

// Looks the release up unless the request is about many releases anyway.
function lookUp(
  msg: ReadMessage,
  index: InventoryIndex,
  base: BaseOperation,
): FindReleaseResult | null {
  if (base === "help") return null;
  const listOfAll =
    base === "list" && (msg.hints.some((h) => h.explicit) || msg.cli.allNamespaces || msg.widening);
  if (listOfAll) return null;
  const found = findRelease(msg, index);
  // A list that names a release ("list kafka") is about it; stray words are not.
  if (base === "list" && found.kind !== "found" && found.kind !== "ambiguous") return null;
  return found;
}

const SEVERAL_READS: ReadonlySet<Operation> = new Set(["status", "history", "values", "manifest"]);

// "status of kafka and redis", "status of argo" (two Argo releases): a read may show them all.
function readsSeveral(found: FindReleaseResult, op: Operation): boolean {
  if (found.kind === "many") return SEVERAL_READS.has(op);
  if (found.kind !== "ambiguous" || op !== "status") return false;
  return new Set(found.candidates.map((c) => c.name)).size > 1;
}

// A list of the releases named, in their namespace when they share one.
function asList(intent: Intent): Intent {
  const namespaces = new Set(intent.candidates.map((c) => c.namespace));
  const list = { ...emptyIntent("list"), candidates: intent.candidates };
  if (namespaces.size === 1) list.namespace = [...namespaces][0] ?? null;
  return list;
}

// Far longer than any request; reading a 40,000-character message (Slack's limit) of repeated
// verbs took seconds of CPU, blocking every other request meanwhile.
export const MAX_REQUEST_CHARS = 4000;

export function analyzeRules(text: string, inventory: readonly ReleaseSummary[]): RulesAnalysis {
  if (text.length > MAX_REQUEST_CHARS) {
    const intent = { ...emptyIntent("unknown"), clarification: clarify.tooLong(MAX_REQUEST_CHARS) };
    return finish(intent, true, true);
  }
  const index = getInventoryIndex(inventory);
  const msg = readMessage(chooseRequestLine(text, index), index);
  if (isAcknowledgement(msg.tokens, msg.detected.cues, text)) {
    return finish(
      { ...emptyIntent("unknown"), clarification: clarify.acknowledged() },
      true,
      false,
    );
  }
  const version = extractTargetVersion(msg.tokens, msg.cli.version, msg.values.consumed);
  const base = baseOperation(msg, version.version !== null);
  const found = lookUp(msg, index, base);
  const filter = msg.cli.statusFilter ?? extractStatusFilter(msg.tokens);
  const unresolved = !found || found.kind === "none" || found.kind === "not-found";
  const bareNamespaces = unresolved ? findBareNamespaceWords(msg.tokens, index, msg.used) : [];
  const choice = chooseOperation({ msg, base, found, filter, bareNamespaces });

  if (choice.kind === "refused") {
    const existing = found?.kind === "found" ? found.release : null;
    const intent = emptyIntent("unknown");
    intent.clarification =
      choice.reason === "install" ? clarify.install(existing) : clarify.restart(existing);
    if (existing) intent.candidates = [existing];
    return finish(intent, existing !== null, false);
  }
  const op = choice.op;
  const intent = emptyIntent(op);
  if (msg.shellSyntax || msg.cli.rejectedFlags) {
    if (found?.kind === "found") intent.release = found.release;
    intent.clarification = msg.shellSyntax
      ? clarify.shellSyntax(op, intent.release)
      : clarify.rejectedFlags(op, intent.release);
    return finish(intent, true, true);
  }
  if (MUTATING_OPERATIONS.has(op) && msg.widening) {
    intent.clarification = clarify.widening(op);
    return finish(intent, true, true);
  }
  if (op === "list") {
    intent.namespace = listNamespace(msg, index);
    intent.statusFilter = filter;
    return finish(intent, true, false);
  }
  if (op === "unknown") {
    intent.clarification = clarify.unknown();
    return finish(intent, false, false);
  }
  if (op === "help" || !found) return finish(intent, true, false);

  applyResolution(intent, found, op);
  if (readsSeveral(found, op)) return finish(asList(intent), true, false);
  if (found.kind === "many") return finish(intent, true, true);
  fillTargets(intent, msg, index, version);
  return finish(intent, found.kind !== "not-found" && found.kind !== "none", false);
}
