// How the worker tells the conversation what happens; the Slack surface implements it.
// record.execution holds the ExecutionReport once finished.
import type { PlanRecord } from "../store/plan-record.ts";

export interface ExecutionNotifier {
  started(record: PlanRecord): Promise<void>;
  finished(record: PlanRecord): Promise<void>;
}
