// The rules over snapshots captured from the test cluster right after helm itself broke each
// release: every state gets its code, its action and the revision that brought it.
import { describe, expect, it } from "vitest";
import { diagnoseSnapshot } from "../../../src/diagnose/diagnose-snapshot.ts";
import type { Diagnosis } from "../../../src/model/diagnosis.ts";
import { loadSnapshot } from "./snapshot-fixtures.ts";

const CASES = [
  { fixture: "healthy", codes: ["healthy"], operation: "none", target: null },
  {
    fixture: "stuck-pending-upgrade",
    codes: ["stuck-pending-upgrade", "crash-loop"],
    operation: "rollback",
    target: 1,
  },
  {
    fixture: "stuck-pending-install",
    codes: ["stuck-pending-install", "not-ready"],
    operation: "uninstall",
    target: null,
  },
  {
    fixture: "failed-upgrade",
    codes: ["failed-release", "crash-loop"],
    operation: "rollback",
    target: 1,
  },
  {
    fixture: "helm3-failed-upgrade",
    codes: ["failed-release", "crash-loop"],
    operation: "rollback",
    target: 1,
  },
  {
    fixture: "failed-pre-upgrade-hook-deleted-by-its-policy",
    codes: ["failed-hook"],
    operation: "rollback",
    target: 1,
  },
  {
    fixture: "helm3-failed-pre-upgrade-hook",
    codes: ["failed-hook"],
    operation: "rollback",
    target: 1,
  },
  { fixture: "crash-loop-after-upgrade", codes: ["crash-loop"], operation: "rollback", target: 1 },
  {
    fixture: "image-pull-error-after-upgrade",
    codes: ["image-pull"],
    operation: "rollback",
    target: 1,
  },
  { fixture: "oomkilled-after-upgrade", codes: ["oom-killed"], operation: "rollback", target: 1 },
  {
    fixture: "unschedulable-after-upgrade",
    codes: ["unschedulable"],
    operation: "rollback",
    target: 1,
  },
] as const;

function diagnose(name: string): Diagnosis {
  return diagnoseSnapshot(loadSnapshot(name));
}

describe("diagnoseSnapshot on captured broken states", () => {
  it.each(CASES)("$fixture: $codes, $operation", ({ fixture, codes, operation, target }) => {
    const d = diagnose(fixture);
    expect(d.findings.map((f) => f.code)).toEqual(codes);
    expect(d.recommendation).toMatchObject({ operation, targetRevision: target });
    expect(d.recommendation?.reason).not.toBe("");
  });

  it("is deterministic: the same snapshot, the same diagnosis", () => {
    for (const { fixture } of CASES) expect(diagnose(fixture)).toEqual(diagnose(fixture));
  });

  it("says for how long a release is stuck and that helm refuses new operations", () => {
    const [stuck] = diagnose("stuck-pending-upgrade").findings;
    expect(stuck).toMatchObject({ code: "stuck-pending-upgrade", severity: "critical" });
    expect(stuck?.summary).toMatch(
      /pending-upgrade at revision 2 \(diag-1\.0\.0\) for \d+ s: helm refuses every new install, upgrade and rollback/,
    );
    expect(stuck?.evidence).toContain(
      "the last revision that was deployed is 1 (diag-1.0.0, deployed)",
    );
  });

  it("names the failed hook, its phase and helm's error when its policy deleted the Job (helm 4)", () => {
    const [hook] = diagnose("failed-pre-upgrade-hook-deleted-by-its-policy").findings;
    expect(hook?.summary).toBe(
      "the pre-upgrade hook Job web-migrate failed (phase Failed) at revision 2: resource Job/diagx-83fce5/web-migrate not ready. status: Failed, message: Job Failed. failed: 1/1",
    );
    expect(hook?.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^hook web-migrate: events pre-upgrade, phase Failed, started 2026-/),
        "its hook-delete-policy (before-hook-creation, hook-failed) deleted the Job and its pods after the failure: helm's history description is the only record of the error",
      ]),
    );
  });

  it("reads helm 3's way of saying a hook failed", () => {
    const [hook] = diagnose("helm3-failed-pre-upgrade-hook").findings;
    expect(hook?.summary).toMatch(
      /pre-upgrade hook Job web-migrate failed \(phase Failed\) at revision 2: job web-migrate failed: BackoffLimitExceeded$/,
    );
  });

  it("names the revision and the change that brought a crash-loop, with the crash's evidence", () => {
    const d = diagnose("crash-loop-after-upgrade");
    expect(d.correlation).toMatchObject({ revision: 2, comparedWith: 1 });
    expect(d.correlation?.summary).toMatch(
      /^revision 2, \d+ s ago: image\.tag set to 1\.5\.0-crash, Deployment web container web image 1\.4\.2 → 1\.5\.0-crash \(registry\.example\.com\/diag\)$/,
    );
    const [crash] = d.findings;
    expect(crash?.summary).toBe(
      "Deployment web: container web keeps crashing (CrashLoopBackOff, exit code 1), 1 of 2 pods",
    );
    expect(crash?.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^pod web-\w+-\w+\/web: CrashLoopBackOff, last ended Error, exit code 1, 1 restart/,
        ),
        expect.stringMatching(
          /^event Pod web-\w+-\w+: BackOff: Back-off restarting failed container/,
        ),
        expect.stringMatching(
          /^previous log web-\w+-\w+\/web: error: simulated crash: could not connect to database/,
        ),
      ]),
    );
    expect(d.recommendation?.reason).toMatch(
      /revision 1 \(diag-1\.0\.0\) is the last that ran healthy before it/,
    );
  });

  it("says what the image-pull and unschedulable pods report", () => {
    expect(diagnose("image-pull-error-after-upgrade").findings[0]?.summary).toBe(
      "Deployment web: image registry.example.com/diag:1.5.0-badimage cannot be pulled (ImagePullBackOff), 1 of 2 pods",
    );
    expect(diagnose("unschedulable-after-upgrade").findings[0]?.summary).toMatch(
      /^Deployment web: 1 of 2 pods cannot be scheduled: 0\/2 nodes are available: 2 node\(s\) didn't match Pod's node affinity\/selector/,
    );
  });

  it("recommends nothing for a healthy release and says what was checked", () => {
    const d = diagnose("healthy");
    expect(d.correlation).toBeNull();
    expect(d.findings[0]?.evidence).toEqual(d.checked);
    expect(d.checked).toEqual([
      "helm status (deployed, revision 2) and history (2 revisions)",
      "values and manifests of revisions 2, 1",
      "1 workload (Deployment web), 1 rolled out",
      "1 pod",
      "0 Warning events",
    ]);
    expect(d.recommendation?.reason).toMatch(
      /^Nothing to fix: web is healthy\. Checked helm status/,
    );
  });

  it("recommends uninstall for a pending-install that never deployed", () => {
    expect(diagnose("stuck-pending-install").recommendation?.reason).toMatch(
      /^web never deployed \(pending-install at revision 1, no revision ever ran\)/,
    );
  });

  it("orders findings most severe first", () => {
    const severities = diagnose("stuck-pending-install").findings.map((f) => f.severity);
    expect(severities).toEqual(["critical", "warning"]);
  });
});
