// An Intent, from the analyser or from a clarification's button: help, a clarification, a
// refusal by the channel's policy, a diagnosis, a read answered at once, or a plan.
import { type Intent, MUTATING_OPERATIONS } from "../model/intent.ts";
import type { Inventory } from "../model/release.ts";
import { isPlanOperation } from "../plan/plan-types.ts";
import { decideRequest } from "../policy/decide-request.ts";
import { filterReadable } from "../policy/filter-readable.ts";
import { renderClarification } from "../render/render-clarification.ts";
import { renderHelp } from "../render/render-help.ts";
import { renderNotAllowed } from "../render/render-refusal.ts";
import { answerDiagnosis } from "./answer-diagnosis.ts";
import { answerRead, isReadOperation } from "./answer-read.ts";
import type { RequestHandlerDeps, SlackRequest } from "./handle-request.ts";
import { type createPlanInThread, outcomeOf } from "./plan-in-thread.ts";
import { requesterIdentity } from "./requester-identity.ts";

export type RequestPlanner = ReturnType<typeof createPlanInThread>;

const KEEP_HISTORY = /--keep-history\b|\bkeep(ing)? (the )?(release )?history\b/i;
const ALL_VALUES = /(^|\s)(--all|-a)(\s|$)|\ball values\b/i;

function needsClarification(intent: Intent): boolean {
  const needsRelease = intent.operation !== "list" && intent.operation !== "unknown";
  return (
    intent.operation === "unknown" ||
    intent.clarification !== null ||
    (needsRelease && intent.release === null)
  );
}

// The release's row (revision, status, chart) in an inventory, to tell whether two listings differ.
function rowOf(inventory: Inventory, release: Intent["release"]): string {
  const row = inventory.find((r) => r.name === release?.name && r.namespace === release?.namespace);
  return row ? `${row.revision} ${row.status} ${row.chart}` : "";
}

function planIntent(
  d: RequestHandlerDeps,
  planner: RequestPlanner,
  req: SlackRequest,
  intent: Intent,
): Promise<void> {
  const title = `${intent.operation} ${intent.release?.name ?? ""}`.trim();
  return planner.plan(req, title, () =>
    outcomeOf(intent, async () => {
      const runAs = await requesterIdentity(d, req.user);
      const planFrom = (inventory: Inventory) =>
        d.makePlan({
          intent,
          inventory,
          helm: d.helm,
          kube: d.kube,
          now: d.now(),
          runAs,
          options: {
            text: req.text,
            keepHistory: KEEP_HISTORY.test(req.text),
            ...(d.execution ? { execution: d.execution } : {}),
          },
        });
      // A plan is made from a fresh listing, but need not wait for it: the cached one plans
      // at once while `helm list -A` runs beside it, and only a release whose row changed
      // meanwhile is planned again, from the fresh one.
      const fresh = d.inventory.fresh();
      fresh.catch(() => undefined);
      const cached = await d.inventory.get();
      const outcome = await planFrom(cached);
      const latest = await fresh;
      return rowOf(latest, intent.release) === rowOf(cached, intent.release)
        ? outcome
        : planFrom(latest);
    }),
  );
}

// True when the channel's policy refused the request (said in the thread and audited).
async function refusedByPolicy(
  d: RequestHandlerDeps,
  planner: RequestPlanner,
  req: SlackRequest,
  intent: Intent,
): Promise<boolean> {
  const { operation } = intent;
  const decision = decideRequest(d.policy, {
    channel: req.channel,
    operation,
    namespace: intent.release?.namespace ?? intent.namespace,
  });
  if (decision.allowed) return false;
  if (MUTATING_OPERATIONS.has(operation))
    d.metrics.inc("wheelhouse_plans_total", { result: "not_allowed" });
  await d.out.reply(req.thread, renderNotAllowed(operation, decision.reason));
  await planner.audit("refusal", req, `not allowed: ${decision.reason}`, {
    release: intent.release,
  });
  return true;
}

export async function handleIntent(
  d: RequestHandlerDeps,
  planner: RequestPlanner,
  req: SlackRequest,
  intent: Intent,
): Promise<void> {
  const { operation } = intent;
  if (operation === "help") {
    await d.out.reply(req.thread, renderHelp());
    return;
  }
  if (needsClarification(intent)) {
    // Candidates come from a readable inventory, or from a button (re-checked here).
    const candidates = filterReadable(d.policy, req.channel, intent.candidates);
    await d.out.reply(req.thread, renderClarification({ ...intent, candidates }));
    return;
  }
  if (await refusedByPolicy(d, planner, req, intent)) return;
  if (operation === "diagnose" && intent.release !== null) {
    const deps = { ...d, planner, identityOf: (user: string) => requesterIdentity(d, user) };
    return answerDiagnosis(deps, req, intent.release);
  }
  if (isReadOperation(operation)) {
    const all = ALL_VALUES.test(req.text);
    for (const answer of await answerRead(d, req.channel, { ...intent, operation }, { all })) {
      await d.out.reply(req.thread, answer);
    }
    return;
  }
  if (isPlanOperation(operation)) await planIntent(d, planner, req, intent);
}
