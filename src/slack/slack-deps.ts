// What the Slack surface is given: every adapter passed in, nothing created at module level.
import type { Redis } from "ioredis";
import type { DiagnosisExplainer } from "../gather/diagnose-release.ts";
import type { MakePlanRequest } from "../gather/make-plan.ts";
import type { PlanHelm } from "../gather/plan-helm.ts";
import type { HelmClient } from "../helm/helm-client.ts";
import type { KubeReader } from "../kube/kubectl-client.ts";
import type { ContainerLogReader } from "../kube/kubectl-logs.ts";
import type { Intent } from "../model/intent.ts";
import type { Inventory } from "../model/release.ts";
import type { Log } from "../observe/log.ts";
import type { Metrics } from "../observe/metrics.ts";
import type { Execution } from "../plan/plan-inputs.ts";
import type { PlanOutcome } from "../plan/plan-types.ts";
import type { Policy } from "../policy/policy-schema.ts";
import type { AuditLog } from "../store/audit-log.ts";
import type { PlanStore } from "../store/plan-store.ts";

// The helm calls the bot makes: the reads it answers and what planning needs.
export type SlackHelm = PlanHelm &
  Pick<HelmClient, "list" | "status" | "history" | "getValues" | "getManifest">;

export interface ExecutionQueue {
  enqueue(planId: string): Promise<{ enqueued: boolean }>;
  close(): Promise<void>;
}

export interface SlackAppDeps {
  helm: SlackHelm;
  kube: KubeReader;
  // /helm status, history, values and manifest answered from helm's release records (Secrets,
  // read with `kube`) where they can be: reads-from-records.ts. false: helm answers every read
  // (another HELM_DRIVER keeps no such records). Default true.
  recordReads?: boolean;
  // Container logs for `diagnose`; without it a diagnosis says the logs are unavailable.
  logs?: ContainerLogReader;
  // The model's two-sentence summary of a diagnosis (GEMINI_API_KEY); none: the rules alone.
  explain?: DiagnosisExplainer;
  redis: Redis;
  store: PlanStore;
  audit: AuditLog;
  queue: ExecutionQueue;
  policy: Policy;
  // The cluster this deployment serves (WHEELHOUSE_CLUSTER): read answers say it.
  cluster?: string;
  analyze: (text: string, inventory: Inventory) => Promise<Intent>;
  // The Intent `analyze` gives without asking a model, or null where it would ask one: a /helm
  // read is started from it while the command's thread is opened. Default: none (never early).
  intentWithoutModel?: (text: string, inventory: Inventory) => Intent | null;
  makePlan: (request: MakePlanRequest) => Promise<PlanOutcome>;
  log: Log;
  // How approved commands wait (--wait, --timeout): decided when a plan is made. Default: the
  // planner's (wait, 300 s).
  execution?: Execution;
  // Default: a new registry (exposed on /metrics).
  metrics?: Metrics;
  // Default: the clock.
  now?: () => Date;
}
