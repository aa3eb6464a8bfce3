// Plans for the benchmarks, made by the real planner against real releases and stored as the
// app stores them, each with its message posted in the fake Slack (where a click lands).
import { webApi } from "@slack/bolt";
import { makePlan } from "../../src/gather/make-plan.ts";
import { createKubeClient } from "../../src/kube/create-kube-client.ts";
import { emptyIntent } from "../../src/model/intent.ts";
import type { ReleaseRef } from "../../src/model/release.ts";
import { digestPlan } from "../../src/plan/digest-plan.ts";
import type { Plan } from "../../src/plan/plan-types.ts";
import { PlanStore } from "../../src/store/plan-store.ts";
import { testEnvironment as env } from "../../test/support/test-environment.ts";
import { testPlanSigner } from "../../test/support/test-plan-key.ts";
import type { BenchParts } from "./bench-parts.ts";

export const CHANNEL = "C0BENCH";
export const REQUESTER = "U0REQUESTER";
export const APPROVER = "U0APPROVER";

export interface PostedPlan {
  id: string;
  ts: string;
}

// A set-values change no pod notices (the chart's ingress is off): helm writes a new revision
// and validation finds the workload as it was, so a job costs helm, not a rollout.
export async function makeSetValuesPlan(
  parts: BenchParts,
  release: ReleaseRef,
  host: string,
): Promise<Plan> {
  const outcome = await makePlan({
    intent: { ...emptyIntent("set-values"), release, set: { "ingress.host": host } },
    inventory: await parts.helm.list({ namespace: release.namespace }),
    helm: parts.helm,
    kube: createKubeClient({ bin: env.kubectlBin, kubeconfig: parts.kubeconfig }),
    now: new Date(),
    options: { execution: { wait: false, timeoutSeconds: 60 } },
  });
  if (outcome.kind !== "plan") throw new Error(`expected a plan: ${outcome.reason}`);
  return outcome;
}

// The same plan made for a later revision: plan k of a chain expects the revision plan k-1
// leaves, so queued together each still runs helm instead of being closed as stale.
export function forRevision(plan: Plan, revision: number): Plan {
  const release = { ...plan.release, revision };
  return {
    ...plan,
    release,
    digest: digestPlan({ release, revision, argv: plan.command.argv }),
  };
}

export class PlanPoster {
  private readonly client: webApi.WebClient;
  readonly store: PlanStore;
  private thread = "";

  // cluster: the store's; a plan saved under another cluster's name is one its worker refuses.
  constructor(parts: BenchParts, cluster = parts.serverEnv.BENCH_CLUSTER ?? "") {
    this.client = new webApi.WebClient(parts.serverEnv.BENCH_TOKEN, {
      slackApiUrl: parts.slack.apiUrl,
    });
    this.store = new PlanStore(parts.redis, {
      prefix: parts.prefix,
      cluster,
      signer: testPlanSigner(),
    });
  }

  async post(plans: Plan[], concurrency = 8): Promise<PostedPlan[]> {
    if (this.thread === "")
      this.thread =
        (await this.client.chat.postMessage({ channel: CHANNEL, text: "bench" })).ts ?? "";
    const posted: PostedPlan[] = new Array(plans.length);
    let next = 0;
    const one = async () => {
      for (let i = next++; i < plans.length; i = next++) {
        const plan = plans[i];
        if (plan === undefined) return;
        const record = await this.store.save(
          plan,
          {
            channel: CHANNEL,
            threadTs: this.thread,
            messageTs: null,
            requester: REQUESTER,
            source: "mention",
          },
          3600,
        );
        const message = await this.client.chat.postMessage({
          channel: CHANNEL,
          thread_ts: this.thread,
          text: `plan ${record.id}`,
        });
        await this.store.setMessageTs(record.id, message.ts ?? "");
        posted[i] = { id: record.id, ts: message.ts ?? "" };
      }
    };
    await Promise.all(Array.from({ length: concurrency }, one));
    return posted;
  }

  threadTs(): string {
    return this.thread;
  }
}
