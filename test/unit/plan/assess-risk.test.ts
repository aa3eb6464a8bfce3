import { describe, expect, it } from "vitest";
import { assessRisk } from "../../../src/plan/assess-risk.ts";
import type { ManifestDiff } from "../../../src/plan/diff-manifests.ts";

const noChange: ManifestDiff = {
  added: [],
  removed: [],
  changed: [],
  unchanged: 4,
  imageChanges: [],
};
const base = { status: "deployed" as const, statusDescription: "Upgrade complete" };

describe("assessRisk", () => {
  it("is low for a patch bump that changes no image, and says why", () => {
    const risk = assessRisk({
      ...base,
      operation: "upgrade",
      versionChange: "patch",
      fromVersion: "1.0.0",
      toVersion: "1.0.1",
      manifestDiff: noChange,
    });
    expect(risk).toEqual({
      level: "low",
      reasons: [
        { level: "low", text: "patch version bump (1.0.0 → 1.0.1)" },
        { level: "low", text: "the dry-run shows no change to any object" },
      ],
    });
  });

  it("is medium when a new image will run", () => {
    const diff = {
      ...noChange,
      imageChanges: [
        {
          kind: "Deployment",
          namespace: "a",
          name: "web",
          container: "web",
          before: "r/w:1.1.0",
          after: "r/w-crash:1.2.0",
        },
      ],
    };
    const risk = assessRisk({
      ...base,
      operation: "upgrade",
      versionChange: "minor",
      fromVersion: "1.1.0",
      toVersion: "1.2.0",
      manifestDiff: diff,
    });
    expect(risk.level).toBe("medium");
    expect(risk.reasons[0]?.text).toBe(
      "new image for Deployment web/web: r/w:1.1.0 → r/w-crash:1.2.0 (not yet proven on this release)",
    );
  });

  it("is high for a major bump, a downgrade, or a value the new chart no longer reads", () => {
    expect(
      assessRisk({
        ...base,
        operation: "upgrade",
        versionChange: "major",
        fromVersion: "1.2.0",
        toVersion: "2.0.0",
      }).level,
    ).toBe("high");
    expect(
      assessRisk({
        ...base,
        operation: "upgrade",
        versionChange: "downgrade",
        fromVersion: "1.2.0",
        toVersion: "1.0.0",
      }).level,
    ).toBe("high");
    const renamed = assessRisk({
      ...base,
      operation: "upgrade",
      versionChange: "minor",
      toVersion: "1.3.0",
      userKeys: [{ path: "replicaCount", yourValue: 1, effect: "renamed", renamedTo: "replicas" }],
    });
    expect(renamed.level).toBe("high");
  });

  it("is high when a hook runs again that failed the last attempt", () => {
    const risk = assessRisk({
      operation: "upgrade",
      status: "failed",
      statusDescription:
        'Upgrade "h" failed: pre-upgrade hooks failed: job h-migrate failed: BackoffLimitExceeded',
      hooks: [{ name: "h-migrate", kind: "Job", events: ["pre-upgrade"] }],
    });
    expect(risk.level).toBe("high");
    expect(risk.reasons[0]?.text).toBe(
      "hook pre-upgrade Job h-migrate (weight 0, replaced on the next run (helm's default)) runs again, and the last attempt failed in its hooks",
    );
  });

  it("is always high for an uninstall and lists the data at risk", () => {
    const risk = assessRisk({
      ...base,
      operation: "uninstall",
      deletesObjects: 3,
      volumes: [
        {
          namespace: "a",
          name: "uploads",
          fate: "deleted",
          source: "manifest",
          owner: null,
          phase: "Bound",
          capacity: "1Gi",
          reason: "",
        },
      ],
    });
    expect(risk.level).toBe("high");
    expect(risk.reasons.map((r) => r.text)).toEqual([
      "uninstall deletes 3 objects: the release stops serving",
      "deletes PersistentVolumeClaim a/uploads: its data is lost unless the volume is retained",
    ]);
  });

  it("puts the reason that sets the level first and never repeats a reason", () => {
    const diff = {
      ...noChange,
      removed: [{ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: "a", name: "d" }],
    };
    const risk = assessRisk({ ...base, operation: "rollback", manifestDiff: diff });
    expect(risk.reasons[0]).toEqual({
      level: "high",
      text: "removes PersistentVolumeClaim a/d, which holds data or definitions",
    });
    expect(new Set(risk.reasons.map((r) => r.text)).size).toBe(risk.reasons.length);
  });
});

describe("assessRisk for a rollback", () => {
  it("treats images it brings back as proven, and the failed state as the reason for it", () => {
    const diff = {
      ...noChange,
      imageChanges: [
        {
          kind: "Deployment",
          namespace: "a",
          name: "web",
          container: "web",
          before: "r/w-crash:1.2.0",
          after: "r/w:1.1.0",
        },
      ],
    };
    const risk = assessRisk({
      operation: "rollback",
      status: "failed",
      statusDescription: "Upgrade failed",
      manifestDiff: diff,
      rollbackTo: 1,
    });
    expect(risk).toEqual({
      level: "low",
      reasons: [
        {
          level: "low",
          text: "brings back image r/w:1.1.0 for Deployment web/web (it ran in revision 1)",
        },
        { level: "low", text: "rolls back to a revision that ran before" },
      ],
    });
  });
});
