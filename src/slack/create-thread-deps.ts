// What alert and watcher threads are given on Slack: the Slack poster, the app's diagnosis and
// a plan proposer that shows its plans as asked by `requester`.
import type { ThreadDeps } from "../alerts/alert-deps.ts";
import type { DiagnoseRelease } from "../model/diagnosis.ts";
import type { Log } from "../observe/log.ts";
import { createPlanProposer, type PlanProposerDeps } from "./create-plan-proposer.ts";
import type { SlackOut } from "./slack-out.ts";
import { createSlackThreadPoster } from "./slack-thread-poster.ts";

export interface SlackThreadDeps extends PlanProposerDeps {
  out: SlackOut;
  diagnose: DiagnoseRelease;
  log: Log;
}

export function createThreadDeps(d: SlackThreadDeps, requester: string): ThreadDeps {
  return {
    poster: createSlackThreadPoster({ out: d.out, store: d.store, log: d.log }),
    diagnose: d.diagnose,
    proposePlan: createPlanProposer(d, requester),
    log: d.log,
    now: d.now,
  };
}
