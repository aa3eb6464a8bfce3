// The requests the Slack benchmark sends: /helm commands (reads that run helm after the ack,
// and ones that do not) and Reject clicks on stored plans (policy, atomic transition, audit and
// message update after the ack, no helm), and Alertmanager posts from the documented fixtures.
import { ACTION_REJECT } from "../../src/render/message.ts";
import { type AlertFixture, alertFixture } from "../../test/support/alertmanager-fixtures.ts";
import { blockActionsForm, commandForm } from "../../test/support/slack-requests.ts";
import { APPROVER, CHANNEL, type PostedPlan, REQUESTER } from "./bench-plans.ts";
import type { LoadRequest } from "./signed-load.ts";

export function commandBody(text: string): string {
  return commandForm({ text, user: REQUESTER, channel: CHANNEL });
}

export function rejectBody(plan: PostedPlan, threadTs: string): string {
  return blockActionsForm({
    actionId: ACTION_REJECT,
    value: plan.id,
    user: APPROVER,
    message: { channel: CHANNEL, ts: plan.ts, threadTs },
  });
}

// Reads as people type them: status/history/values run helm after the ack, list answers from
// the cached inventory, help from nothing.
export function readTexts(namespace: string): string[] {
  return [
    `status web-1 -n ${namespace}`,
    `list -n ${namespace}`,
    `history web-2 -n ${namespace}`,
    "help",
    `values web-3 -n ${namespace}`,
  ];
}

// One round for every target: `commands` commands and `clicks` clicks each, the same bodies to
// every target (a baseline answers what Wheelhouse answers).
export function ackRound(
  targets: string[],
  options: {
    commands: number;
    texts: string[];
    clicks: PostedPlan[];
    threadTs: string;
  },
): LoadRequest[] {
  const requests: LoadRequest[] = [];
  for (let i = 0; i < options.commands; i++) {
    const body = commandBody(options.texts[i % options.texts.length] ?? "help");
    for (const target of targets) requests.push({ target, kind: "command", body });
  }
  for (const plan of options.clicks) {
    const body = rejectBody(plan, options.threadTs);
    for (const target of targets) requests.push({ target, kind: "click", body });
  }
  return requests;
}

const ALERTS: AlertFixture[] = ["firing", "repeated", "added", "grouped", "resolved"];

export function alertPosts(
  targets: string[],
  count: number,
  namespace: string,
  token: string,
): LoadRequest[] {
  const requests: LoadRequest[] = [];
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
  for (let i = 0; i < count; i++) {
    const name = ALERTS[i % ALERTS.length] ?? "firing";
    const body = alertFixture(name, {
      NAMESPACE: namespace,
      POD: `web-1-webapp-${i % 7}`,
      POD2: `web-2-webapp-${i % 5}`,
      DEPLOYMENT: "web-1-webapp",
      STATEFULSET: "web-3-webapp",
    });
    for (const target of targets) requests.push({ target, kind: name, body, headers });
  }
  return requests;
}
