// Fills the fields that depend on the operation: the chart version of an upgrade, the values
// of a change, the revision of a rollback (or of a values/manifest read), with a question
// whenever a value is missing or cannot be used.
import type { Intent } from "../model/intent.ts";
import { hasRevisionWord } from "./choose-operation.ts";
import { clarify } from "./clarify.ts";
import { extractTargetRevision } from "./extract-target-revision.ts";
import type { TargetVersion } from "./extract-target-version.ts";
import { currentRevision } from "./find-release.ts";
import type { InventoryIndex } from "./inventory-index.ts";
import type { ReadMessage } from "./read-message.ts";

function fillValues(intent: Intent, msg: ReadMessage, version: TargetVersion): void {
  const op = intent.operation;
  if (version.invalid) intent.clarification ??= clarify.invalidVersion();
  if (op === "upgrade") intent.targetVersion = version.version;
  const { set, problem } = msg.values;
  intent.set = problem === null ? set : null;
  if (problem === "unsafe-value") intent.clarification = clarify.unsafeValue();
  else if (problem === "invalid-key") intent.clarification = clarify.invalidKey();
  else if (problem === "missing-value" || (op === "set-values" && !set)) {
    intent.clarification ??= clarify.missingValue();
  }
}

function fillRevision(
  intent: Intent,
  msg: ReadMessage,
  index: InventoryIndex,
  version: TargetVersion,
): void {
  const op = intent.operation;
  const target = extractTargetRevision(msg.tokens, msg.cli.revision);
  // Reads take a revision only when it is named as one ("values at revision 3").
  const named = op === "rollback" || msg.cli.revision !== null || hasRevisionWord(msg);
  if (target.revision !== null && named) intent.targetRevision = target.revision;
  if (op !== "rollback") return;
  if (target.stepsBack !== null && intent.release) {
    const current = currentRevision(index, intent.release.name, intent.release.namespace);
    const wanted = current === null ? null : current - target.stepsBack;
    // One step back is the previous revision, which is what null already means.
    if (wanted !== null && wanted >= 1 && target.stepsBack > 1) intent.targetRevision = wanted;
    else if (wanted !== null && wanted < 1)
      intent.clarification ??= clarify.revisionTooOld(intent.release);
  }
  // "rollback kafka to 31.0.1": the chart version to find in its history.
  if (version.version !== null && version.version !== "latest")
    intent.targetVersion = version.version;
}

export function fillTargets(
  intent: Intent,
  msg: ReadMessage,
  index: InventoryIndex,
  version: TargetVersion,
): void {
  const op = intent.operation;
  if (op === "upgrade" || op === "set-values") fillValues(intent, msg, version);
  if (op === "rollback" || op === "values" || op === "manifest")
    fillRevision(intent, msg, index, version);
}
