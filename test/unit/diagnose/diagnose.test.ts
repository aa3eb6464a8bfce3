// The pure evaluators on objects captured from the test cluster (fixtures/): rollouts as
// `kubectl rollout status` judges them, pod problems, warning events, manifest workloads, logs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describePodProblem, evaluatePod } from "../../../src/diagnose/evaluate-pod.ts";
import { evaluateWorkload, labelSelector } from "../../../src/diagnose/evaluate-workload.ts";
import { findReleaseWorkloads } from "../../../src/diagnose/find-release-workloads.ts";
import { selectWarningEvents } from "../../../src/diagnose/select-warning-events.ts";
import { summariseWorkload } from "../../../src/diagnose/summarise-workload.ts";
import { tailLog } from "../../../src/diagnose/tail-log.ts";
import { redactText } from "../../../src/redact/redact-text.ts";

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", name), "utf8"));
}
function items(name: string): unknown[] {
  const list = fixture(name);
  if (typeof list !== "object" || list === null || !("items" in list) || !Array.isArray(list.items))
    throw new Error(`${name} is not a list`);
  return list.items;
}
function withStatus(
  name: string,
  patch: Record<string, unknown>,
  spec: Record<string, unknown> = {},
) {
  const object = structuredClone(fixture(name)) as { status: object; spec: object };
  return { ...object, status: { ...object.status, ...patch }, spec: { ...object.spec, ...spec } };
}

describe("evaluateWorkload", () => {
  it("finds a finished Deployment complete", () => {
    expect(evaluateWorkload(fixture("deployment-ready.json"))).toEqual({
      kind: "Deployment",
      name: "web",
      namespace: "fixture-capture",
      desired: 2,
      ready: 2,
      updated: 2,
      available: 2,
      complete: true,
      waitingFor: null,
      failed: null,
      selector: "app.kubernetes.io/instance=web,app.kubernetes.io/name=webapp",
    });
  });

  it("finds a Deployment with crashing new pods unfinished, old pods still ready", () => {
    expect(evaluateWorkload(fixture("deployment-crashing.json"))).toMatchObject({
      desired: 2,
      ready: 2,
      updated: 1,
      complete: false,
      waitingFor: "1 of 2 replicas updated",
    });
  });

  it("waits for the controller to observe a new generation, and for old replicas to go", () => {
    const unobserved = withStatus("deployment-ready.json", { observedGeneration: 0 });
    expect(evaluateWorkload(unobserved)?.waitingFor).toBe("the controller to see the new spec");
    const leftovers = withStatus("deployment-ready.json", { replicas: 3 });
    expect(evaluateWorkload(leftovers)?.waitingFor).toBe("1 old replica to be replaced");
    const unavailable = withStatus("deployment-ready.json", { availableReplicas: 1 });
    expect(evaluateWorkload(unavailable)?.waitingFor).toBe("1 of 2 updated replicas available");
  });

  it("reports a Deployment past its progress deadline as failed", () => {
    const stuck = withStatus("deployment-crashing.json", {
      conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
    });
    expect(evaluateWorkload(stuck)).toMatchObject({
      complete: false,
      failed: "the rollout passed its progress deadline",
    });
  });

  it("judges StatefulSets by ready pods and update revision, partitions included", () => {
    expect(evaluateWorkload(fixture("statefulset-ready.json"))).toMatchObject({
      kind: "StatefulSet",
      desired: 2,
      ready: 2,
      complete: true,
    });
    expect(evaluateWorkload(fixture("statefulset-pending.json"))).toMatchObject({
      complete: false,
      waitingFor: "0 of 1 pods ready",
    });
    const rolling = withStatus("statefulset-ready.json", {
      updateRevision: "cache-2",
      updatedReplicas: 1,
    });
    expect(evaluateWorkload(rolling)?.waitingFor).toBe("1 of 2 pods updated");
    const partitioned = withStatus(
      "statefulset-ready.json",
      { updateRevision: "cache-2", updatedReplicas: 1 },
      { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } },
    );
    expect(evaluateWorkload(partitioned)?.complete).toBe(true);
  });

  it("judges DaemonSets by nodes scheduled, updated and available", () => {
    expect(evaluateWorkload(fixture("daemonset-ready.json"))).toMatchObject({
      kind: "DaemonSet",
      desired: 2,
      ready: 2,
      complete: true,
    });
    expect(evaluateWorkload(fixture("daemonset-imagepull.json"))).toMatchObject({
      desired: 2,
      ready: 0,
      complete: false,
      waitingFor: "0 of 2 pods available",
    });
  });

  it("answers null for what is not a workload", () => {
    expect(evaluateWorkload({ kind: "ConfigMap", metadata: { name: "x" } })).toBeNull();
    expect(evaluateWorkload("nonsense")).toBeNull();
  });

  it("writes match expressions as kubectl selectors", () => {
    expect(
      labelSelector({
        matchLabels: { app: "web" },
        matchExpressions: [
          { key: "tier", operator: "In", values: ["a", "b"] },
          { key: "canary", operator: "DoesNotExist" },
          { key: "zone", operator: "Exists" },
          { key: "env", operator: "NotIn", values: ["dev"] },
        ],
      }),
    ).toBe("app=web,tier in (a,b),!canary,zone,env notin (dev)");
    expect(labelSelector({})).toBeNull();
  });
});

describe("evaluatePod", () => {
  it("names CrashLoopBackOff with its restarts, and leaves the healthy old pods alone", () => {
    const problems = items("pods-crashing.json").flatMap(evaluatePod);
    expect(problems).toEqual([
      {
        pod: "web-745bf5cbdf-sfl6n",
        container: "web",
        reason: "CrashLoopBackOff",
        message: expect.stringMatching(/^back-off 10s restarting failed container=web/),
        restarts: 1,
        crashed: true,
        fatal: true,
      },
    ]);
    expect(problems.map(describePodProblem)).toEqual([
      "web-745bf5cbdf-sfl6n/web: CrashLoopBackOff (1 restart)",
    ]);
  });

  it("names ImagePullBackOff, which never crashed", () => {
    const problems = items("pods-imagepull.json").flatMap(evaluatePod);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ reason: "ImagePullBackOff", crashed: false, fatal: true });
  });

  it("explains a pod that cannot be scheduled", () => {
    const [problem] = evaluatePod(fixture("pod-unschedulable.json"));
    expect(problem).toMatchObject({ reason: "Unschedulable", container: null, fatal: false });
    expect(describePodProblem(problem ?? expect.fail())).toBe(
      "db-db-0: Unschedulable: 0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. not found",
    );
  });

  it("reports a container that exited with an error, and ignores pods being deleted", () => {
    const pod = {
      metadata: { name: "job-x" },
      status: {
        phase: "Failed",
        containerStatuses: [
          {
            name: "main",
            restartCount: 0,
            state: { terminated: { exitCode: 1, reason: "Error" } },
          },
        ],
      },
    };
    expect(evaluatePod(pod)).toMatchObject([{ reason: "Error", crashed: true, fatal: true }]);
    const leaving = {
      ...pod,
      metadata: { name: "job-x", deletionTimestamp: "2026-01-01T00:00:00Z" },
    };
    expect(evaluatePod(leaving)).toEqual([]);
  });
});

describe("selectWarningEvents", () => {
  it("keeps the warnings about the workloads' pods, newest first, with repeat counts", () => {
    const events = items("events-crashing.json");
    expect(selectWarningEvents(events, ["web"])).toEqual([
      "Pod web-745bf5cbdf-sfl6n: BackOff: Back-off restarting failed container",
    ]);
    expect(selectWarningEvents(events, ["api"])).toEqual([]);
    const repeated = [
      {
        type: "Warning",
        reason: "A",
        message: "old",
        count: 1,
        lastTimestamp: "2026-01-01T00:00:00Z",
        involvedObject: { kind: "Pod", name: "web-1" },
      },
      {
        type: "Warning",
        reason: "B",
        message: "new",
        count: 4,
        lastTimestamp: "2026-01-01T00:01:00Z",
        involvedObject: { kind: "Pod", name: "web-2" },
      },
      {
        type: "Warning",
        reason: "C",
        message: "other",
        lastTimestamp: "2026-01-01T00:02:00Z",
        involvedObject: { kind: "Pod", name: "webhook-1" },
      },
    ];
    expect(selectWarningEvents(repeated, ["web"])).toEqual([
      "Pod web-2: B: new (x4)",
      "Pod web-1: A: old",
    ]);
  });
});

describe("findReleaseWorkloads", () => {
  it("finds the Deployments, StatefulSets and DaemonSets of a manifest, in their namespaces", () => {
    const manifest = [
      "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web",
      "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web",
      "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: data",
      "---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent",
    ].join("\n");
    expect(findReleaseWorkloads(manifest, "shop")).toEqual([
      { kind: "Deployment", namespace: "shop", name: "web" },
      { kind: "StatefulSet", namespace: "data", name: "db" },
      { kind: "DaemonSet", namespace: "shop", name: "agent" },
    ]);
  });
});

describe("summariseWorkload", () => {
  const ref = { kind: "Deployment" as const, namespace: "shop", name: "web" };

  it("is unhealthy with the stuck rollout and each crashing pod on its own line", () => {
    const rollout = evaluateWorkload(fixture("deployment-crashing.json"));
    const problems = items("pods-crashing.json").flatMap(evaluatePod);
    expect(summariseWorkload(ref, rollout, problems)).toEqual({
      kind: "Deployment",
      name: "web",
      desired: 2,
      ready: 2,
      updated: 1,
      healthy: false,
      problems: [
        "rollout not finished: 1 of 2 replicas updated",
        "web-745bf5cbdf-sfl6n/web: CrashLoopBackOff (1 restart)",
      ],
    });
  });

  it("is healthy when the rollout is complete, and says when the workload is missing", () => {
    const rollout = evaluateWorkload(fixture("deployment-ready.json"));
    expect(summariseWorkload(ref, rollout, [])).toMatchObject({ healthy: true, problems: [] });
    expect(summariseWorkload(ref, null, [])).toMatchObject({
      healthy: false,
      problems: ["Deployment web is in the release but not in the cluster"],
    });
  });
});

describe("tailLog", () => {
  it("keeps the last lines without runtime prefixes and hides credentials", () => {
    const text = [
      "2026-01-01T00:00:00.000000000Z stdout F started",
      "2026-01-01T00:00:00.100000000Z stderr F error: could not connect",
      "connecting to postgres://app:hunter2@db:5432/app",
      "exiting with code 1",
      "",
    ].join("\n");
    expect(tailLog(text, 3)).toBe(
      "error: could not connect\nconnecting to REDACTED\nexiting with code 1",
    );
  });
});

describe("redactText", () => {
  it("hides each credential whole, wherever it stands in a line, and nothing else", () => {
    const text = [
      "starting",
      "DATABASE_URL=postgres://app:hunter2@db:5432/app",
      "auth header: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
      "config: password=s3cr3t-default",
      'token: "xoxb-1234567890-abcdef"',
      "-----BEGIN RSA PRIVATE KEY-----",
      "the password field is empty",
    ].join("\n");
    expect(redactText(text).split("\n")).toEqual([
      "starting",
      "DATABASE_URL=REDACTED",
      "auth header: Bearer REDACTED",
      "config: password=REDACTED",
      'token: "REDACTED"',
      "REDACTED",
      "the password field is empty",
    ]);
  });
});
