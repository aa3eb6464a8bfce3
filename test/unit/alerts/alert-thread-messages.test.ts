// What an alert thread says: the group with the release behind each alert, what a notification
// changed, a diagnosis with its recommendation, and nothing secret-looking from the alert's text.
import { describe, expect, it } from "vitest";
import { parseAlertmanagerPayload } from "../../../src/alerts/alertmanager-payload.ts";
import { compareAlertGroup, hasNews } from "../../../src/alerts/compare-alert-group.ts";
import { renderAlertRoot, renderGroupChanges } from "../../../src/alerts/render-alert-thread.ts";
import { renderDiagnosisReply } from "../../../src/alerts/render-diagnosis-reply.ts";
import type { Diagnosis } from "../../../src/model/diagnosis.ts";
import type { AlertThreadRecord, ThreadAlert } from "../../../src/store/alert-threads.ts";
import { alertFixture } from "../../support/alertmanager-fixtures.ts";

const values = { NAMESPACE: "shop", POD: "web-6d9f7c8b5-x2k4p", POD2: "web-6d9f7c8b5-q8m1z" };

function payload(name: "firing" | "added" | "resolved" | "repeated") {
  const parsed = parseAlertmanagerPayload(alertFixture(name, values));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.payload;
}

const crashing: ThreadAlert = {
  fingerprint: "a1c3e5f7092b4d6f",
  status: "firing",
  alertname: "KubePodCrashLooping",
  summary: "Pod is crash looping.",
  severity: "warning",
  target: {
    kind: "release",
    release: { name: "web", namespace: "shop" },
    workload: "Deployment/web",
    via: "helm-annotation",
  },
  startsAt: "2026-11-30T14:03:11.482Z",
  endsAt: "0001-01-01T00:00:00Z",
};

function record(
  alerts: ThreadAlert[],
  status: "firing" | "resolved" = "firing",
): AlertThreadRecord {
  return {
    groupKey: payload("firing").groupKey,
    channel: "C0ALERTS",
    threadTs: "1700000000.000100",
    status,
    groupLabels: { alertname: "KubePodCrashLooping", namespace: "shop" },
    openedAt: "2026-11-30T14:03:20.000Z",
    updatedAt: "2026-11-30T14:08:20.000Z",
    notifications: 2,
    alerts,
    diagnosed: [],
  };
}

describe("compareAlertGroup", () => {
  it("sees nothing new in a repeated notification", () => {
    const changes = compareAlertGroup(record([crashing]), payload("repeated"));
    expect(hasNews(changes)).toBe(false);
  });

  it("sees the alert a notification adds", () => {
    const changes = compareAlertGroup(record([crashing]), payload("added"));
    expect(changes.added.map((a) => a.fingerprint)).toEqual(["b2d4f60819ac3e57"]);
  });

  it("sees alerts and the group resolve, and fire again", () => {
    const resolved = compareAlertGroup(record([crashing]), payload("resolved"));
    expect(resolved.resolved.map((a) => a.fingerprint)).toEqual(["a1c3e5f7092b4d6f"]);
    expect(resolved.groupResolved).toBe(true);
    const again = compareAlertGroup(
      record([{ ...crashing, status: "resolved" }], "resolved"),
      payload("firing"),
    );
    expect(again.groupRefired).toBe(true);
    expect(again.refired.map((a) => a.fingerprint)).toEqual(["a1c3e5f7092b4d6f"]);
  });
});

describe("alert thread messages", () => {
  it("lists each alert with the release behind it", () => {
    const message = renderAlertRoot(record([crashing]));
    expect(message.summary).toBe("[FIRING] KubePodCrashLooping in shop: release shop/web");
    expect(message.lines).toContain(
      "• firing · KubePodCrashLooping (warning): Pod is crash looping. — Deployment/web → release shop/web",
    );
    expect(message.lines.join("\n")).toContain("Notified 2 times; first 2026-11-30 14:03 UTC");
  });

  it("says plainly when no release is behind the alerts", () => {
    const ghost: ThreadAlert = {
      ...crashing,
      target: {
        kind: "unknown",
        namespace: "shop",
        workload: "Pod/ghost-1",
        reason: "no Pod ghost-1 in shop",
      },
    };
    const message = renderAlertRoot(record([ghost]));
    expect(message.summary).toBe("[FIRING] KubePodCrashLooping in shop: no Helm release found");
    expect(message.lines.join("\n")).toContain(
      "Pod/ghost-1 in shop → no Helm release (no Pod ghost-1 in shop)",
    );
    expect(message.lines.join("\n")).toContain("nothing to diagnose");
  });

  it("hides credential-looking text that came in an alert", () => {
    const leaky = { ...crashing, summary: "login failed with password=hunter2hunter2" };
    const lines = renderAlertRoot(record([leaky])).lines;
    expect(lines.join("\n")).not.toContain("hunter2");
    expect(lines.join("\n")).toContain("KubePodCrashLooping");
  });

  it("replies with what changed, and nothing when nothing did", () => {
    const base = record([crashing]);
    expect(renderGroupChanges(base, compareAlertGroup(base, payload("repeated")), [])).toBeNull();
    const resolved = renderGroupChanges(base, compareAlertGroup(base, payload("resolved")), []);
    expect(resolved?.summary).toBe("Resolved: KubePodCrashLooping in shop");
    expect(resolved?.lines.join("\n")).toContain("All alerts of the group are resolved");
  });
});

describe("renderDiagnosisReply", () => {
  const diagnosis: Diagnosis = {
    release: {
      name: "web",
      namespace: "shop",
      revision: 3,
      chart: "webapp-1.2.0",
      appVersion: "1.2.0",
      updated: null,
    },
    status: "deployed",
    findings: [
      {
        code: "crash-loop",
        severity: "critical",
        summary: "web crash-loops since revision 3",
        evidence: ["pod web-6d9f7c8b5-x2k4p: CrashLoopBackOff, 4 restarts, exit code 1"],
      },
    ],
    recommendation: { operation: "rollback", targetRevision: 2, reason: "revision 2 ran healthy." },
    correlation: null,
    checked: ["helm status and history", "1 deployment", "2 pods"],
    diagnosedAt: "2026-11-30T14:04:00.000Z",
    explanation: null,
  };

  it("shows findings, evidence, the recommendation and the plan to approve", () => {
    const message = renderDiagnosisReply(diagnosis, {
      id: "plan-1",
      description: "Roll back shop/web to revision 2",
    });
    expect(message.summary).toBe("Diagnosis of shop/web: crash-loop");
    expect(message.lines).toEqual([
      "shop/web: deployed, revision 3 (webapp-1.2.0).",
      "[critical] crash-loop: web crash-loops since revision 3",
      "    pod web-6d9f7c8b5-x2k4p: CrashLoopBackOff, 4 restarts, exit code 1",
      "Recommended: roll back to revision 2. revision 2 ran healthy.",
      "Checked: helm status and history, 1 deployment, 2 pods.",
      "Plan ready for approval: Roll back shop/web to revision 2",
    ]);
    expect(message.plan).toEqual({ id: "plan-1", description: "Roll back shop/web to revision 2" });
  });
});
