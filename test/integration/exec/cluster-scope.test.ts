// One Redis, several clusters. Keys are scoped by the cluster (WHEELHOUSE_CLUSTER), so another
// cluster's store never even sees a plan; and should two deployments end up sharing keys (a
// copied prefix, a restored backup), a worker still refuses a plan made for another cluster:
// nothing runs, and the thread says why.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makePlan } from "../../../src/gather/make-plan.ts";
import { clusterKeyPrefix } from "../../../src/model/cluster-name.ts";
import { emptyIntent } from "../../../src/model/intent.ts";
import { PlanStore } from "../../../src/store/plan-store.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { testPlanSigner } from "../../support/test-plan-key.ts";
import {
  approveAs,
  CHANNEL,
  installWebapp,
  type Pipeline,
  startPipeline,
} from "./exec-test-support.ts";

describe("plans of another cluster", () => {
  // The worker of cluster "beta"; cluster "alpha" writes under the same keys by mistake.
  let beta: Pipeline;
  let namespace: string;

  beforeAll(async () => {
    const helm = await createTestHelm(env.helm4Bin, inject("chartRepoUrl"));
    namespace = await createNamespace("exec-clusters");
    beta = await startPipeline("exec-clusters", helm, {}, { cluster: "beta" });
    await installWebapp(helm, { name: "shared", namespace });
  });
  afterAll(async () => {
    await beta?.close();
    await deleteNamespace(namespace);
  });

  it("are refused by this cluster's worker: nothing runs, and the thread says why", async () => {
    const release = { name: "shared", namespace };
    const alpha = new PlanStore(beta.test.redis, {
      prefix: beta.test.prefix,
      cluster: "alpha",
      signer: testPlanSigner(),
    });
    const plan = await makePlan({
      intent: { ...emptyIntent("set-values"), release, set: { "service.port": 8081 } },
      inventory: await beta.helm.list({ namespace }),
      helm: beta.helm,
      kube: beta.kube,
      now: new Date(),
      options: { execution: { wait: false, timeoutSeconds: 60 } },
    });
    if (plan.kind !== "plan") throw new Error(`expected a plan: ${plan.reason}`);
    const made = await alpha.save(
      plan,
      {
        channel: CHANNEL,
        threadTs: "1714560000.000300",
        messageTs: null,
        requester: "U0CAROL",
        source: "mention",
      },
      600,
    );
    expect(made.plan.cluster).toBe("alpha");
    // Properly scoped, beta's keys never hold alpha's plans.
    const scoped = new PlanStore(beta.test.redis, {
      prefix: clusterKeyPrefix("beta"),
      cluster: "beta",
      signer: testPlanSigner(),
    });
    expect(await scoped.get(made.id)).toBeNull();

    await approveAs(beta, made.id);
    const done = await beta.notifier.finishedRecord(made.id);
    expect(done).toMatchObject({
      state: "failed",
      execution: {
        outcome: "failed",
        argv: [],
        error: {
          code: "plan_wrong_cluster",
          message:
            "Refused to run: this plan was made for cluster alpha, and this worker runs the plans of cluster beta.",
        },
        note: expect.stringMatching(/^Nothing ran on beta\./),
      },
    });
    expect(beta.notifier.of(made.id).map((e) => e.event)).toEqual(["finished"]);
    expect((await beta.helm.history(release)).map((h) => h.revision)).toEqual([1]);
    const [result] = await beta.audit.recent({ release, limit: 1 });
    expect(result).toMatchObject({ type: "execution_result", cluster: "beta" });
  });
});
