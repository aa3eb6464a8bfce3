// What travels through the queue: only the plan id (the plan itself stays in the store, where
// it cannot change), a token that tells the enqueuer whether its add created the job, and, while
// the job is delayed for a busy release, when that wait began.
import { z } from "zod";
import { PLAN_ID_PATTERN } from "../store/plan-id.ts";

export const EXECUTION_QUEUE_NAME = "executions";
export const EXECUTION_JOB_NAME = "execute-plan";
// The BullMQ key prefix unless told otherwise: keys are "wheelhouse:executions:…" (a deployment
// passes its cluster's prefix: "wheelhouse:<cluster>:executions:…").
export const DEFAULT_QUEUE_PREFIX = "wheelhouse";

export const executionJobSchema = z.object({
  planId: z.string().regex(PLAN_ID_PATTERN),
  token: z.string(),
  busySince: z.number().int().positive().optional(),
});
export type ExecutionJob = z.infer<typeof executionJobSchema>;
