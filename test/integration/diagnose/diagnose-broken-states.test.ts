// On the real cluster, with helm 4 and helm 3: every broken state helm itself makes, diagnosed
// with the right code and action, and the recommendation turned into a real plan by the same
// planners as a typed request. Each diagnosis is timed against the slowest single read it made.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { diagnoseRelease } from "../../../src/gather/diagnose-release.ts";
import type { SnapshotDeps } from "../../../src/gather/gather-release-snapshot.ts";
import { makePlan } from "../../../src/gather/make-plan.ts";
import { planRequestForDiagnosis } from "../../../src/gather/plan-request-for-diagnosis.ts";
import type { HelmClient } from "../../../src/helm/helm-client.ts";
import { KubectlClient } from "../../../src/kube/kubectl-client.ts";
import { KubectlLogReader } from "../../../src/kube/kubectl-logs.ts";
import type { FindingCode, RecommendedOperation } from "../../../src/model/diagnosis.ts";
import { createNamespace, deleteNamespace } from "../../support/cluster.ts";
import { createTestHelm, HELM_BINARIES } from "../../support/helm-fixture.ts";
import { testEnvironment as env } from "../../support/test-environment.ts";
import { BROKEN_STATES, type BrokenState } from "./broken-releases.ts";
import { recordTiming, type Timing, timingReport } from "./diagnosis-timing.ts";

interface Expected {
  state: BrokenState;
  release: string;
  first: FindingCode;
  also?: FindingCode;
  operation: RecommendedOperation;
  target: number | null;
}

const EXPECTED: Expected[] = [
  { state: "healthy", release: "healthy", first: "healthy", operation: "none", target: null },
  {
    state: "stuck pending-upgrade",
    release: "stuck-upgrade",
    first: "stuck-pending-upgrade",
    operation: "rollback",
    target: 1,
  },
  {
    state: "stuck pending-install",
    release: "stuck-install",
    first: "stuck-pending-install",
    operation: "uninstall",
    target: null,
  },
  {
    state: "failed upgrade",
    release: "failed-upgrade",
    first: "failed-release",
    also: "crash-loop",
    operation: "rollback",
    target: 1,
  },
  {
    state: "failed pre-upgrade hook deleted by its policy",
    release: "hooked",
    first: "failed-hook",
    operation: "rollback",
    target: 1,
  },
  {
    state: "crash-loop after upgrade",
    release: "crashing",
    first: "crash-loop",
    operation: "rollback",
    target: 1,
  },
  {
    state: "image pull error after upgrade",
    release: "pulling",
    first: "image-pull",
    operation: "rollback",
    target: 1,
  },
  {
    state: "OOMKilled after upgrade",
    release: "oom",
    first: "oom-killed",
    operation: "rollback",
    target: 1,
  },
  {
    state: "unschedulable after upgrade",
    release: "unplaced",
    first: "unschedulable",
    operation: "rollback",
    target: 1,
  },
];

const timings: Timing[] = [];

describe.each(HELM_BINARIES)(
  "diagnosis of broken releases with $label",
  ({ label, bin, major }) => {
    let helm: HelmClient;
    let namespace: string;
    const kubectl = { bin: env.kubectlBin, kubeconfig: env.kubeconfig };
    const kube = new KubectlClient(kubectl);

    beforeAll(async () => {
      helm = await createTestHelm(bin, inject("chartRepoUrl"));
      namespace = await createNamespace(`diag${major}`);
    });
    afterAll(() => deleteNamespace(namespace));

    it.each(EXPECTED)("$state: $first, $operation", async (expected) => {
      const release = { name: expected.release, namespace };
      await BROKEN_STATES[expected.state](helm, bin, release);
      const reads: number[] = [];
      const deps: SnapshotDeps = recordTiming(
        { helm, kube, logs: new KubectlLogReader(kubectl) },
        reads,
      );
      const started = performance.now();
      const { diagnosis } = await diagnoseRelease(deps, release);
      timings.push({
        label: `${label} ${expected.state}`,
        totalMs: performance.now() - started,
        reads,
      });

      const codes = diagnosis.findings.map((f) => f.code);
      expect(codes[0], JSON.stringify(diagnosis, null, 2)).toBe(expected.first);
      if (expected.also) expect(codes).toContain(expected.also);
      expect(diagnosis.recommendation).toMatchObject({
        operation: expected.operation,
        targetRevision: expected.target,
      });
      if (expected.first === "failed-hook") {
        expect(diagnosis.findings[0]?.evidence.join("\n")).toMatch(
          /hook-delete-policy .* deleted the Job/,
        );
      }
      if (expected.operation !== "none") {
        expect(diagnosis.correlation?.revision).toBe(
          expected.first === "stuck-pending-install" ? 1 : 2,
        );
      }

      const request = planRequestForDiagnosis(diagnosis, {
        inventory: await helm.list({ namespace }),
        helm,
        kube,
        now: new Date(),
      });
      if (expected.operation === "none") {
        expect(request).toBeNull();
        return;
      }
      if (request === null) throw new Error("a recommendation without a plan request");
      const plan = await makePlan(request);
      if (plan.kind !== "plan") throw new Error(JSON.stringify(plan));
      expect(plan.operation).toBe(expected.operation);
      if (plan.operation === "rollback")
        expect(plan.rollback.target.revision).toBe(expected.target);
      if (expected.first.startsWith("stuck-pending-u")) expect(plan.recovery).not.toBeNull();
    });
  },
);

afterAll(() => {
  console.log(timingReport(timings));
});
