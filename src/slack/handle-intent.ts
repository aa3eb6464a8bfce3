// An Intent, from the analyser or from a clarification's button: help, a clarification, a
// refusal by the channel's policy, a diagnosis, a read answered at once, or a plan.
import { type Intent, MUTATING_OPERATIONS } from "../model/intent.ts";
import type { Inventory } from "../model/release.ts";
import { filterReadable } from "../policy/filter-readable.ts";
import { renderClarification } from "../render/render-clarification.ts";
import { renderHelp } from "../render/render-help.ts";
import { renderNotAllowed } from "../render/render-refusal.ts";
import { answerDiagnosis } from "./answer-diagnosis.ts";
import { answerRead, type ReadOperation } from "./answer-read.ts";
import type { RequestHandlerDeps, SlackRequest } from "./handle-request.ts";
import { type createPlanInThread, outcomeOf } from "./plan-in-thread.ts";
import { requesterIdentity } from "./requester-identity.ts";
import { routeIntent } from "./route-intent.ts";

export type RequestPlanner = ReturnType<typeof createPlanInThread>;

const KEEP_HISTORY = /--keep-history\b|\bkeep(ing)? (the )?(release )?history\b/i;

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

// The channel's policy said no: said in the thread and audited.
async function refuse(
  d: RequestHandlerDeps,
  planner: RequestPlanner,
  req: SlackRequest,
  intent: Intent,
  reason: string,
): Promise<void> {
  if (MUTATING_OPERATIONS.has(intent.operation))
    d.metrics.inc("wheelhouse_plans_total", { result: "not_allowed" });
  await d.out.reply(req.thread, renderNotAllowed(intent.operation, reason));
  await planner.audit("refusal", req, `not allowed: ${reason}`, { release: intent.release });
}

// Read at once, with the read started early for this request if there is one.
async function read(
  d: RequestHandlerDeps,
  req: SlackRequest,
  intent: Intent,
  route: { operation: ReadOperation; all: boolean },
): Promise<void> {
  const deps = { ...d, helm: d.reads.helmFor(req.early) };
  const asked = { ...intent, operation: route.operation };
  for (const answer of await answerRead(deps, req.channel, asked, { all: route.all })) {
    await d.out.reply(req.thread, answer);
  }
}

export async function handleIntent(
  d: RequestHandlerDeps,
  planner: RequestPlanner,
  req: SlackRequest,
  intent: Intent,
): Promise<void> {
  const route = routeIntent(d.policy, req.channel, req.text, intent);
  switch (route.kind) {
    case "help":
      await d.out.reply(req.thread, renderHelp());
      return;
    case "clarify": {
      // Candidates come from a readable inventory, or from a button (re-checked here).
      const candidates = filterReadable(d.policy, req.channel, intent.candidates);
      await d.out.reply(req.thread, renderClarification({ ...intent, candidates }));
      return;
    }
    case "refused":
      return refuse(d, planner, req, intent, route.reason);
    case "diagnose": {
      const deps = { ...d, planner, identityOf: (user: string) => requesterIdentity(d, user) };
      return answerDiagnosis(deps, req, route.release);
    }
    case "read":
      return read(d, req, intent, route);
    case "plan":
      return planIntent(d, planner, req, intent);
    case "none":
      return;
  }
}
