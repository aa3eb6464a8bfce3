// What travels through the queue: only the plan id (the plan itself stays in the store, where
// it cannot change), and a token that tells the enqueuer whether its add created the job.
import { z } from "zod";
import { PLAN_ID_PATTERN } from "../store/plan-id.ts";

export const EXECUTION_QUEUE_NAME = "executions";
export const EXECUTION_JOB_NAME = "execute-plan";
// The BullMQ key prefix unless told otherwise: keys are "wheelhouse:executions:…".
export const DEFAULT_QUEUE_PREFIX = "wheelhouse";

export const executionJobSchema = z.object({
  planId: z.string().regex(PLAN_ID_PATTERN),
  token: z.string(),
});
export type ExecutionJob = z.infer<typeof executionJobSchema>;
