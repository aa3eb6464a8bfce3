// The rules on captured snapshots edited into states that are rare or slow to make for real:
// OOM kills read from pod status, regressions older than the last revision, GitOps ownership,
// drift, secret values that changed, missing releases, failed reads, hooks whose Job remains.
import { describe, expect, it } from "vitest";
import { diagnoseSnapshot } from "../../../src/diagnose/diagnose-snapshot.ts";
import type { ReleaseSnapshot } from "../../../src/model/release-snapshot.ts";
import { at, editSnapshot } from "./snapshot-fixtures.ts";

const codes = (s: ReleaseSnapshot) => diagnoseSnapshot(s).findings.map((f) => f.code);

// The crash-loop fixture's pod whose container crashes (the other one is the old, ready pod).
function crashingPod(s: ReleaseSnapshot): unknown {
  const pod = s.pods.find((p) => JSON.stringify(p).includes("CrashLoopBackOff"));
  if (pod === undefined) throw new Error("no crashing pod in the fixture");
  return pod;
}

describe("diagnoseSnapshot on edited states", () => {
  it("calls a container killed for memory oom-killed, not crash-loop, with its limit", () => {
    const s = editSnapshot("crash-loop-after-upgrade", (s) => {
      const pod = crashingPod(s);
      Object.assign(at(pod, "status", "containerStatuses", 0, "lastState", "terminated"), {
        reason: "OOMKilled",
        exitCode: 137,
      });
      at(pod, "spec", "containers", 0).resources = { limits: { memory: "64Mi" } };
    });
    const d = diagnoseSnapshot(s);
    expect(d.findings.map((f) => f.code)).toEqual(["oom-killed"]);
    expect(d.findings[0]?.summary).toBe(
      "Deployment web: container web is killed for using too much memory (OOMKilled, limit 64Mi), 1 of 2 pods",
    );
    expect(d.recommendation).toMatchObject({ operation: "rollback", targetRevision: 1 });
  });

  it("blames the revision that changed the pod template, not a later one that carried it along", () => {
    const s = editSnapshot("crash-loop-after-upgrade", (s) => {
      const [rev2] = s.revisions;
      if (!rev2 || !s.status) throw new Error("fixture");
      s.revisions.unshift({
        revision: 3,
        values: { ...rev2.values, logLevel: "debug" },
        manifest: rev2.manifest,
      });
      const last = s.history.at(-1);
      if (last) last.status = "superseded";
      s.history.push({
        ...s.history[1],
        revision: 3,
        status: "deployed",
        updated: s.takenAt,
        chart: "diag-1.0.0",
        appVersion: "1.4.2",
        description: "Upgrade complete",
      });
      s.status.revision = 3;
    });
    const d = diagnoseSnapshot(s);
    expect(d.correlation).toMatchObject({ revision: 2, comparedWith: 1 });
    expect(d.recommendation).toMatchObject({ operation: "rollback", targetRevision: 1 });
  });

  it("shows a changed secret value as changed, never its content", () => {
    const s = editSnapshot("crash-loop-after-upgrade", (s) => {
      const [rev2, rev1] = s.revisions;
      if (!rev2 || !rev1) throw new Error("fixture");
      rev1.values = { auth: { password: "old-hunter2" } };
      rev2.values = { ...rev2.values, auth: { password: "new-hunter3" } };
    });
    const d = diagnoseSnapshot(s);
    expect(d.correlation?.changes).toContainEqual({
      kind: "values",
      subject: "auth.password",
      from: null,
      to: null,
      secret: true,
    });
    expect(d.correlation?.summary).toContain("auth.password changed (a secret: not shown)");
    expect(JSON.stringify(d)).not.toMatch(/hunter/);
  });

  it("says Flux owns the release and to revert in Git instead of rolling back", () => {
    const s = editSnapshot("crash-loop-after-upgrade", (s) => {
      Object.assign(at(s.workloads[0], "metadata", "labels"), {
        "helm.toolkit.fluxcd.io/name": "web",
        "helm.toolkit.fluxcd.io/namespace": "flux-system",
      });
    });
    const d = diagnoseSnapshot(s);
    expect(d.findings.map((f) => f.code)).toEqual(["crash-loop", "owned-by-gitops"]);
    const gitops = d.findings[1];
    expect(gitops?.summary).toMatch(
      /managed by the Flux HelmRelease flux-system\/web: a direct helm rollback would be undone/,
    );
    expect(gitops?.summary).toContain("flux suspend helmrelease web -n flux-system");
    expect(d.recommendation).toMatchObject({ operation: "none", targetRevision: null });
    expect(d.recommendation?.reason).toMatch(
      /revision 1 .* but Flux \(flux-system\/web\) would undo a helm rollback: revert the change in Git instead/,
    );
  });

  it("finds Argo CD by its tracking-id annotation on the manifest's objects", () => {
    const s = editSnapshot("healthy", (s) => {
      const [rev] = s.revisions;
      if (!rev) throw new Error("fixture");
      rev.manifest = rev.manifest.replace(
        "kind: Deployment\nmetadata:\n",
        "kind: Deployment\nmetadata:\n  annotations:\n    argocd.argoproj.io/tracking-id: shop-web:apps/Deployment:shop/web\n",
      );
    });
    const d = diagnoseSnapshot(s);
    expect(d.findings.map((f) => f.code)).toEqual(["healthy", "owned-by-gitops"]);
    expect(d.findings[1]?.summary).toMatch(/^web is managed by the Argo CD Application shop-web/);
    expect(d.findings[1]?.evidence).toEqual([
      "Deployment web has the annotation argocd.argoproj.io/tracking-id=shop-web:apps/Deployment:shop/web",
    ]);
  });

  it("reports drift: an image changed outside helm, and a workload deleted outside helm", () => {
    const changed = editSnapshot("healthy", (s) => {
      at(s.workloads[0], "spec", "template", "spec", "containers", 0).image =
        "registry.example.com/diag:hotfix";
    });
    const d = diagnoseSnapshot(changed);
    expect(d.findings.map((f) => [f.code, f.severity])).toEqual([
      ["healthy", "info"],
      ["drift", "warning"],
    ]);
    expect(d.findings[1]?.evidence).toEqual([
      "Deployment web: container web runs registry.example.com/diag:hotfix, the release says registry.example.com/diag:1.4.3",
    ]);
    const gone = editSnapshot("healthy", (s) => {
      s.workloads = [];
      s.pods = [];
    });
    const g = diagnoseSnapshot(gone);
    expect(g.findings.map((f) => [f.code, f.severity])).toEqual([["drift", "critical"]]);
    expect(g.recommendation?.operation).toBe("none");
    expect(g.recommendation?.reason).toMatch(
      /changed or deleted outside helm: an upgrade with the same values puts them back/,
    );
  });

  it("claims nothing for a release uninstalled with its history kept", () => {
    const s = editSnapshot("healthy", (s) => {
      if (!s.status) throw new Error("fixture");
      s.status.status = "uninstalled";
      s.workloads = [];
      s.pods = [];
    });
    const d = diagnoseSnapshot(s);
    expect(d.findings).toEqual([]);
    expect(d.recommendation?.reason).toBe(
      "web is uninstalled at revision 2: there is no running release to fix.",
    );
  });

  it("answers not-found for a release helm does not know", () => {
    const s = editSnapshot("healthy", (s) => {
      s.status = null;
    });
    expect(diagnoseSnapshot(s)).toMatchObject({
      status: "not-found",
      findings: [],
      recommendation: null,
    });
  });

  it("never claims healthy when the pods could not be read, and says so", () => {
    const s = editSnapshot("healthy", (s) => {
      s.pods = [];
      s.readErrors = [
        { read: "pods of Deployment web", code: "kube_forbidden", message: "pods is forbidden" },
      ];
    });
    const d = diagnoseSnapshot(s);
    expect(d.findings).toEqual([]);
    expect(d.recommendation?.operation).toBe("none");
    expect(d.recommendation?.reason).toMatch(
      /not everything could be checked: .*could not read pods of Deployment web: pods is forbidden/,
    );
  });

  it("rolls back a stuck pending-rollback to the last revision that ran", () => {
    const s = editSnapshot("stuck-pending-upgrade", (s) => {
      if (!s.status) throw new Error("fixture");
      s.status.status = "pending-rollback";
    });
    expect(codes(s)[0]).toBe("stuck-pending-rollback");
    expect(diagnoseSnapshot(s).recommendation).toMatchObject({
      operation: "rollback",
      targetRevision: 1,
    });
  });

  it("uninstalls a first install that failed: nothing ever ran", () => {
    const s = editSnapshot("stuck-pending-install", (s) => {
      if (!s.status) throw new Error("fixture");
      s.status.status = "failed";
      s.status.description = 'Release "web" failed: context deadline exceeded';
      for (const h of s.history) h.status = "failed";
    });
    expect(codes(s)[0]).toBe("failed-release");
    expect(diagnoseSnapshot(s).recommendation?.operation).toBe("uninstall");
  });

  it("reads a failed hook Job that is still there: its condition, pod exit code and log", () => {
    const s = editSnapshot("failed-pre-upgrade-hook-deleted-by-its-policy", (s) => {
      s.jobs = [
        {
          apiVersion: "batch/v1",
          kind: "Job",
          metadata: { name: "web-migrate" },
          status: {
            failed: 1,
            conditions: [
              {
                type: "Failed",
                status: "True",
                reason: "BackoffLimitExceeded",
                message: "Job has reached the specified backoff limit",
              },
            ],
          },
        },
      ];
      s.pods.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: "web-migrate-x7k2p",
          labels: { "batch.kubernetes.io/job-name": "web-migrate" },
        },
        spec: {
          restartPolicy: "Never",
          containers: [{ name: "migrate", image: "registry.example.com/diag-migrate:1.0.0" }],
        },
        status: {
          phase: "Failed",
          containerStatuses: [
            {
              name: "migrate",
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 3, reason: "Error" } },
            },
          ],
        },
      });
      s.logs.push({
        pod: "web-migrate-x7k2p",
        container: "migrate",
        previous: false,
        text: "migrating\nerror: column users.email already exists\n",
      });
    });
    const [hook] = diagnoseSnapshot(s).findings;
    expect(hook?.evidence).toEqual(
      expect.arrayContaining([
        "Job web-migrate: Failed BackoffLimitExceeded: Job has reached the specified backoff limit",
        "pod web-migrate-x7k2p: Error, exit code 3",
        "log web-migrate-x7k2p/migrate: error: column users.email already exists",
      ]),
    );
    expect(hook?.evidence.join("\n")).not.toContain("deleted the Job");
  });

  it("recommends waiting while a rollout is still moving without anything fatal", () => {
    const s = editSnapshot("healthy", (s) => {
      Object.assign(at(s.workloads[0], "status"), { updatedReplicas: 0 });
    });
    const d = diagnoseSnapshot(s);
    expect(d.findings.map((f) => [f.code, f.severity])).toEqual([["not-ready", "warning"]]);
    expect(d.recommendation?.reason).toMatch(/still moving .* diagnose again in a minute/);
  });

  it("hides credential-looking log lines in the evidence", () => {
    const s = editSnapshot("crash-loop-after-upgrade", (s) => {
      const [log] = s.logs;
      if (log) log.text = "connecting to postgres://app:hunter2@db:5432/app\nexit 1";
    });
    const text = JSON.stringify(diagnoseSnapshot(s));
    expect(text).not.toContain("hunter2");
    expect(text).toContain("exit 1");
  });
});
