// "why is X failing?" in Slack: "Diagnosing…" at once, then that message becomes the diagnosis
// (helm's states, hooks, history, workloads, events, logs → findings and one recommendation);
// when the recommendation is a change this channel may plan, its real plan (dry-run done)
// follows in the same thread with Approve/Reject, approved like any other plan.
import { intentForRecommendation } from "../diagnose/intent-for-recommendation.ts";
import type { MakePlanRequest } from "../gather/make-plan.ts";
import { planRequestForDiagnosis } from "../gather/plan-request-for-diagnosis.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { DiagnoseRelease, Diagnosis } from "../model/diagnosis.ts";
import type { RunIdentity } from "../model/kube-identity.ts";
import type { ReleaseRef } from "../model/release.ts";
import type { Log } from "../observe/log.ts";
import type { Execution } from "../plan/plan-inputs.ts";
import type { PlanOutcome } from "../plan/plan-types.ts";
import { codedErrorInfo, refusalFromError, refuse } from "../plan/refuse.ts";
import { decideRequest } from "../policy/decide-request.ts";
import type { Policy } from "../policy/policy-schema.ts";
import { bold, md } from "../render/markdown.ts";
import { message } from "../render/message.ts";
import { type DiagnosisNext, renderDiagnosis } from "../render/render-diagnosis.ts";
import { renderRefusal } from "../render/render-refusal.ts";
import {
  type createPlanInThread,
  failureMessage,
  outcomeOf,
  type PlanAsker,
} from "./plan-in-thread.ts";
import type { SlackHelm } from "./slack-deps.ts";
import type { SlackOut } from "./slack-out.ts";

export interface DiagnosisAnswerDeps {
  out: SlackOut;
  diagnose: DiagnoseRelease;
  helm: SlackHelm;
  kube: KubeReader;
  policy: Policy;
  makePlan: (request: MakePlanRequest) => Promise<PlanOutcome>;
  planner: ReturnType<typeof createPlanInThread>;
  now: () => Date;
  log: Log;
  execution?: Execution;
  // The asker's mapped Kubernetes identity, for the recommended plan's dry run.
  identityOf?: (user: string) => Promise<RunIdentity>;
}

// What the recommendation leads to in this channel: its plan, or the policy's refusal.
function nextFor(d: DiagnosisAnswerDeps, channel: string, diagnosis: Diagnosis): DiagnosisNext {
  const intent = intentForRecommendation(diagnosis);
  if (intent === null) return { kind: "ask" };
  const decision = decideRequest(d.policy, {
    channel,
    operation: intent.operation === "uninstall" ? "uninstall" : "rollback",
    namespace: diagnosis.release.namespace,
  });
  return decision.allowed
    ? { kind: "plan-follows" }
    : { kind: "not-allowed", reason: decision.reason };
}

async function planRecommendation(
  d: DiagnosisAnswerDeps,
  asker: PlanAsker,
  diagnosis: Diagnosis,
): Promise<void> {
  const intent = intentForRecommendation(diagnosis);
  if (intent === null) return;
  const release = intent.release;
  const title = `${intent.operation} ${release?.name ?? ""}`.trim();
  await d.planner.plan(asker, title, () =>
    outcomeOf(intent, async () => {
      // A fresh list of the release's namespace: makePlan refuses a plan made from a stale row.
      const inventory = await d.helm.list({ namespace: diagnosis.release.namespace });
      const request = planRequestForDiagnosis(diagnosis, {
        inventory,
        helm: d.helm,
        kube: d.kube,
        now: d.now(),
        ...(d.execution ? { execution: d.execution } : {}),
        ...(d.identityOf ? { runAs: await d.identityOf(asker.user) } : {}),
      });
      if (request === null)
        return refuse("not_a_change", intent.operation, release, "Nothing to plan.");
      return d.makePlan(request);
    }),
  );
}

export async function answerDiagnosis(
  d: DiagnosisAnswerDeps,
  asker: PlanAsker,
  release: ReleaseRef,
): Promise<void> {
  const working = await d.out.reply(
    asker.thread,
    message(`Diagnosing ${release.name}…`, [
      {
        type: "context",
        lines: [
          md`🩺 Diagnosing ${bold(release.name)} in ${bold(release.namespace)}: helm status and history, revisions, workloads, pods, hooks, events and logs…`,
        ],
      },
    ]),
  );
  let diagnosis: Diagnosis;
  try {
    diagnosis = await d.diagnose(release);
  } catch (error) {
    // The "Diagnosing…" message never stays: it becomes the refusal or what went wrong.
    const info = codedErrorInfo(error);
    if (info.code === "unexpected_error") {
      d.log("error", "diagnosis failed", { code: info.code, error: info.message });
      await d.out.update(asker.thread.channel, working, failureMessage(error));
      return;
    }
    const refusal = refusalFromError(info, "diagnose", release);
    await d.out.update(asker.thread.channel, working, renderRefusal(refusal));
    return;
  }
  const next = nextFor(d, asker.channel, diagnosis);
  await d.out.update(asker.thread.channel, working, renderDiagnosis(diagnosis, next));
  if (next.kind === "plan-follows") await planRecommendation(d, asker, diagnosis);
}
