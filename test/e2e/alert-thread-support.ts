// Reading alert threads back from the fake Slack (they live in the alert channel, not the
// harness's), and a hostile Warning event on the real cluster for the diagnosis to pick up.
import { execa } from "execa";
import { blockKitToText } from "../../src/render/block-kit/block-kit-to-text.ts";
import type { FakeMessage, FakeSlack } from "../support/fake-slack-api.ts";
import { testEnvironment as env } from "../support/test-environment.ts";

const text = (m: FakeMessage) => blockKitToText(m.blocks, m.text);

function meta(m: FakeMessage): { type: string; planId: string; state: string } {
  const raw = m.metadata;
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === "object" && v !== null ? Object.fromEntries(Object.entries(v)) : {};
  const payload = record(record(raw).event_payload);
  return {
    type: String(record(raw).event_type ?? ""),
    planId: String(payload.plan_id ?? ""),
    state: String(payload.state ?? ""),
  };
}

// The newest top-level bot post in the channel whose text matches.
export function threadOf(slack: FakeSlack, channel: string, match: RegExp): Promise<FakeMessage> {
  return slack.waitFor(
    `a thread matching ${match} in ${channel}`,
    () =>
      slack
        .callsTo("chat.postMessage")
        .filter((c) => c.args.channel === channel && c.args.thread_ts === undefined)
        .map((c) => slack.message(channel, String(c.response.ts)))
        .filter((m): m is FakeMessage => m !== undefined && match.test(text(m)))
        .at(-1),
    60_000,
  );
}

export function messageAt(slack: FakeSlack, channel: string, ts: string): FakeMessage {
  const message = slack.message(channel, ts);
  if (message === undefined) throw new Error(`no message ${ts} in ${channel}`);
  return message;
}

export async function planOf(
  slack: FakeSlack,
  channel: string,
  threadTs: string,
): Promise<{ id: string; message: FakeMessage }> {
  const message = await slack.waitFor(
    `a plan in ${threadTs}`,
    () => slack.thread(channel, threadTs).find((m) => meta(m).type === "wheelhouse_plan"),
    120_000,
  );
  return { id: meta(message).planId, message };
}

export function resultOf(
  slack: FakeSlack,
  channel: string,
  threadTs: string,
  planId: string,
): Promise<FakeMessage> {
  return slack.waitFor(
    `the result of plan ${planId}`,
    () =>
      slack.thread(channel, threadTs).find((m) => {
        const m2 = meta(m);
        return m2.type === "wheelhouse_execution" && m2.planId === planId && m2.state !== "running";
      }),
    180_000,
  );
}

// A Warning event about the pod, as a misbehaving controller or an attacker with events/create
// could write one: mentions, markup and credentials in its reason and message.
export async function createHostileEvent(namespace: string, pod: string): Promise<void> {
  const now = new Date().toISOString();
  const event = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${pod}.hostile`, namespace },
    involvedObject: { kind: "Pod", name: pod, namespace, apiVersion: "v1" },
    type: "Warning",
    reason: "Hostile",
    message:
      "<!channel> `kubectl delete ns` <@U0EVIL> DB_PASSWORD=RXZlbnRQYXNzd29yZDE2Nzg Authorization: Bearer RXZlbnRCZWFyZXJUb2tlbjE",
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    source: { component: "wheelhouse-test" },
  };
  await execa(env.kubectlBin, ["--kubeconfig", env.kubeconfig, "create", "-f", "-"], {
    input: JSON.stringify(event),
  });
}
