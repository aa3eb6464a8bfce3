// Diagnoses a release and answers in a thread: the findings, the recommendation and, when a
// plan maker is given and the recommendation is a change, that plan with Approve/Reject. A failed
// diagnosis is said in the thread too: silence would look like "nothing wrong".
import type { ReleaseRef } from "../model/release.ts";
import { errorFields, logRedacted, type ThreadDeps } from "./alert-deps.ts";
import { renderDiagnosisFailure, renderDiagnosisReply } from "./render-diagnosis-reply.ts";
import type { ProposedPlan, ThreadRef } from "./thread-poster.ts";

export async function replyWithDiagnosis(
  deps: ThreadDeps,
  thread: ThreadRef,
  release: ReleaseRef,
): Promise<void> {
  let diagnosis: Awaited<ReturnType<ThreadDeps["diagnose"]>>;
  try {
    diagnosis = await deps.diagnose(release);
  } catch (error) {
    logRedacted(deps.log, "warn", "diagnosis failed", { release, ...errorFields(error) });
    await deps.poster.reply(thread, renderDiagnosisFailure(release, error));
    return;
  }
  let plan: ProposedPlan | null = null;
  const operation = diagnosis.recommendation?.operation ?? "none";
  if (deps.proposePlan !== undefined && operation !== "none") {
    try {
      plan = await deps.proposePlan(release, diagnosis, thread);
    } catch (error) {
      logRedacted(deps.log, "warn", "recommended plan failed", { release, ...errorFields(error) });
    }
  }
  await deps.poster.reply(thread, renderDiagnosisReply(diagnosis, plan));
}
