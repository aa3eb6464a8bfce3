// diagnose(release): gather the snapshot, apply the rules, and (when a model is configured) add
// its two-sentence explanation, asked at most once and never allowed to change anything else.
import { acceptExplanation } from "../diagnose/accept-explanation.ts";
import { diagnoseSnapshot } from "../diagnose/diagnose-snapshot.ts";
import type { DiagnoseRelease, Diagnosis } from "../model/diagnosis.ts";
import type { ReleaseRef } from "../model/release.ts";
import type { ReleaseSnapshot } from "../model/release-snapshot.ts";
import {
  gatherReleaseSnapshot,
  type SnapshotDeps,
  type SnapshotOptions,
} from "./gather-release-snapshot.ts";

// One model call: the diagnosis in, the model's raw answer out (checked by acceptExplanation).
export type DiagnosisExplainer = (diagnosis: Diagnosis) => Promise<unknown>;

export interface DiagnoseDeps extends SnapshotDeps {
  explain?: DiagnosisExplainer;
  // Told when the model failed or its answer was dropped; the diagnosis goes on without it.
  onExplanationError?: (error: unknown) => void;
}

export async function explainDiagnosis(
  diagnosis: Diagnosis,
  explain: DiagnosisExplainer | undefined,
  onError: (error: unknown) => void = () => undefined,
): Promise<Diagnosis> {
  if (explain === undefined) return diagnosis;
  try {
    const explanation = acceptExplanation(await explain(diagnosis), diagnosis);
    if (explanation === null) onError(new Error("the model's explanation was dropped"));
    return { ...diagnosis, explanation };
  } catch (error) {
    onError(error);
    return diagnosis;
  }
}

export async function diagnoseRelease(
  deps: DiagnoseDeps,
  release: ReleaseRef,
  options: SnapshotOptions = {},
): Promise<{ diagnosis: Diagnosis; snapshot: ReleaseSnapshot }> {
  const snapshot = await gatherReleaseSnapshot(deps, release, options);
  const diagnosis = await explainDiagnosis(
    diagnoseSnapshot(snapshot),
    deps.explain,
    deps.onExplanationError,
  );
  return { diagnosis, snapshot };
}

// The dependency alerts and the watcher take.
export function createDiagnose(deps: DiagnoseDeps, options: SnapshotOptions = {}): DiagnoseRelease {
  return async (release) => (await diagnoseRelease(deps, release, options)).diagnosis;
}
