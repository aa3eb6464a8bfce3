// How the worker tells the conversation what happens; the Slack surface implements it.
// record.execution holds the ExecutionReport once finished.
import type { PlanRecord } from "../model/plan-record.ts";

export interface ExecutionNotifier {
  started(record: PlanRecord): Promise<void>;
  finished(record: PlanRecord): Promise<void>;
  // The reconciler expired a plan nobody decided on: its message says so, without buttons.
  expired(record: PlanRecord): Promise<void>;
  // A job handed back (its worker died) for a plan already closed: that worker may have died
  // between closing the plan and telling the thread. Tells it now, unless it was told.
  finishedIfUntold?(record: PlanRecord): Promise<void>;
}
