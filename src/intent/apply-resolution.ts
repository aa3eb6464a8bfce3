// Writes the outcome of release resolution into an intent: the release when exactly one
// matched, otherwise the candidates and the question to ask. Shared by the rules analyser
// and the check of a model's answer, so both settle releases the same way.
import type { Intent, Operation } from "../model/intent.ts";
import { clarify } from "./clarify.ts";
import type { FindReleaseResult } from "./find-release.ts";

export function applyResolution(intent: Intent, found: FindReleaseResult, op: Operation): void {
  switch (found.kind) {
    case "found":
      intent.release = found.release;
      return;
    case "ambiguous":
      intent.candidates = found.candidates;
      intent.clarification = clarify.ambiguous(found.query, found.candidates);
      return;
    case "many":
      intent.candidates = found.candidates;
      intent.clarification = clarify.severalReleases(found.names);
      return;
    case "not-in-namespace":
      intent.candidates = found.candidates;
      intent.clarification = clarify.notInNamespace(found.query, found.namespace, found.candidates);
      return;
    case "not-found":
      intent.clarification = clarify.notFound(found.query, found.suggestions);
      return;
    case "none":
      intent.clarification = clarify.whichRelease(op);
  }
}
