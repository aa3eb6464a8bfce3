// The worker's messages in the thread, against a recording SlackOut: running, then that message
// turned into the result, the plan message kept in step, the rollback plan posted with its ts.
import { describe, expect, it } from "vitest";
import type { PlanRecord } from "../../../src/model/plan-record.ts";
import { type Message, plainText } from "../../../src/render/message.ts";
import { createSlackExecutionNotifier } from "../../../src/slack/slack-execution-notifier.ts";
import type { SlackOut, Thread } from "../../../src/slack/slack-out.ts";
import { approved, failed, record, rollbackPlan, upgradePlan } from "../render/render-fixtures.ts";

type Call = {
  op: "reply" | "update";
  channel: string;
  ts?: string;
  thread?: Thread;
  summary: string;
  meta?: unknown;
};

function recordingOut(): SlackOut & { calls: Call[] } {
  const calls: Call[] = [];
  let n = 0;
  return {
    calls,
    async reply(thread, message: Message, meta) {
      calls.push({
        op: "reply",
        channel: thread.channel,
        thread,
        summary: plainText(message.summary),
        meta,
      });
      return `1777637000.00000${++n}`;
    },
    async post() {
      throw new Error("not used");
    },
    async update(channel, ts, message, meta) {
      calls.push({ op: "update", channel, ts, summary: plainText(message.summary), meta });
    },
    async ephemeral() {
      throw new Error("not used");
    },
  };
}

describe("createSlackExecutionNotifier", () => {
  it("says running, then turns that message into the result and posts the rollback plan", async () => {
    const out = recordingOut();
    const rollback = record(rollbackPlan, {
      id: "rB7vT0kLm3Qa",
      context: {
        ...record(rollbackPlan).context,
        messageTs: null,
        requester: "wheelhouse",
        source: "validation",
      },
    });
    const stored = new Map<string, PlanRecord>([[rollback.id, rollback]]);
    const messageTs: Array<[string, string]> = [];
    const notifier = createSlackExecutionNotifier({
      out,
      store: {
        get: async (id) => stored.get(id) ?? null,
        setMessageTs: async (id, ts) => void messageTs.push([id, ts]),
      },
      log: () => {},
    });
    const running = record(upgradePlan, { state: "running", decision: approved });
    await notifier.started(running);
    await notifier.finished({ ...running, state: "failed", execution: failed });

    expect(out.calls.map((c) => [c.op, c.ts ?? c.thread?.threadTs])).toEqual([
      ["update", "1777636801.000200"],
      ["reply", "1777636800.000100"],
      ["update", "1777636801.000200"],
      ["update", "1777637000.000001"],
      ["reply", "1777636800.000100"],
    ]);
    expect(out.calls[1]?.summary).toMatch(/^Running: /);
    expect(out.calls[3]?.summary).toMatch(/failed/);
    expect(out.calls[4]?.summary).toMatch(/^Plan: Roll back web/);
    expect(out.calls[4]?.meta).toEqual({
      event_type: "wheelhouse_plan",
      event_payload: { plan_id: "rB7vT0kLm3Qa", state: "awaiting_approval" },
    });
    expect(messageTs).toEqual([["rB7vT0kLm3Qa", "1777637000.000002"]]);
  });
});
