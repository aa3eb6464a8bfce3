// Alert and watcher thread messages as Slack shows them: the alert lines (labels, annotations:
// outside text) stay literal whatever they hold, a top post leads with its state, and a
// diagnosis reply is the same rich diagnosis a request in a channel gets, saying when its plan
// follows.
import { describe, expect, it } from "vitest";
import { renderAlertRoot } from "../../../src/alerts/render-alert-thread.ts";
import { renderDiagnosisReply } from "../../../src/alerts/render-diagnosis-reply.ts";
import { redactMessage } from "../../../src/redact/redact-message.ts";
import { blockKitToText } from "../../../src/render/block-kit/block-kit-to-text.ts";
import { toBlockKit } from "../../../src/render/block-kit/to-block-kit.ts";
import { threadMessageToMessage } from "../../../src/slack/thread-message-to-message.ts";
import type { AlertThreadRecord } from "../../../src/store/alert-threads.ts";
import { diagnosisOf } from "../render/diagnosis-fixtures.ts";

const HOSTILE =
  "<!channel> <@U0EVIL> `x` *y* <https://evil.example|z> DB_PASSWORD=s3cr3t-value-123";

function record(): AlertThreadRecord {
  return {
    groupKey: '{}:{alertname="X"}',
    channel: "C0ALERTS",
    threadTs: "1.0",
    status: "firing",
    groupLabels: { alertname: `KubePodCrashLooping ${HOSTILE}`, namespace: "shop" },
    openedAt: "2026-11-30T14:03:11.000Z",
    updatedAt: "2026-11-30T14:03:11.000Z",
    notifications: 1,
    alerts: [
      {
        fingerprint: "a1",
        status: "firing",
        alertname: `KubePodCrashLooping ${HOSTILE}`,
        summary: HOSTILE,
        severity: "warning",
        target: {
          kind: "release",
          release: { name: "web", namespace: "shop" },
          workload: "Pod/web-1",
          via: "instance-label",
        },
        startsAt: "2026-11-30T14:03:11.000Z",
        endsAt: "0001-01-01T00:00:00Z",
      },
    ],
    diagnosed: [],
  };
}

// What leaves: redacted (as SlackOut does), then Block Kit.
const kit = (top: boolean, m: ReturnType<typeof renderAlertRoot>) =>
  toBlockKit(redactMessage(threadMessageToMessage(m, { top })));

describe("threadMessageToMessage", () => {
  it("keeps hostile alert text literal and leads a top post with its state", () => {
    const out = kit(true, renderAlertRoot(record()));
    const json = JSON.stringify(out);
    expect(json).not.toMatch(/<!channel>|<@U0EVIL>|<https:\/\/evil/);
    expect(json).not.toContain("s3cr3t-value-123");
    const text = blockKitToText(out.blocks, out.text);
    expect(text).toMatch(/^🔥 \*\[FIRING\] KubePodCrashLooping <!channel>/);
    expect(text).toContain("• firing · KubePodCrashLooping <!channel> <@U0EVIL>");
  });

  it("shows a reply's lines without repeating its summary", () => {
    const out = kit(false, renderAlertRoot(record()));
    expect(blockKitToText(out.blocks, out.text)).toMatch(/^Alertmanager group alertname=/);
  });

  it("renders a diagnosis reply as the diagnosis, its plan following when there is one", () => {
    const diagnosis = diagnosisOf("crash-loop-after-upgrade");
    const plan = { id: "pAbCdEfGhIjK", description: "Roll back web (shop) to revision 1" };
    const withPlan = kit(false, renderDiagnosisReply(diagnosis, plan));
    const text = blockKitToText(withPlan.blocks, withPlan.text);
    expect(text).toContain("`crash-loop` · critical");
    expect(text).toContain("The plan follows in this thread");
    const without = kit(false, renderDiagnosisReply(diagnosis, null));
    expect(blockKitToText(without.blocks, without.text)).toMatch(/Ask for `rollback web to 1 -n /);
  });
});
