// One request, from words to an answer in its thread: help and audit, or the analyser's Intent;
// then the channel's policy; then a read answered at once, or a plan saved and shown with its
// buttons. Every request, plan and refusal goes to the audit log. Nothing here runs a change.

import type { DiagnoseRelease } from "../model/diagnosis.ts";
import type { Intent } from "../model/intent.ts";
import type { PlanContext } from "../model/plan-record.ts";
import type { Metrics } from "../observe/metrics.ts";
import { codedErrorInfo, refusalFromError } from "../plan/refuse.ts";
import { redactRequestText } from "../redact/redact-request-text.ts";
import { md } from "../render/markdown.ts";
import { message } from "../render/message.ts";
import { renderHelp } from "../render/render-help.ts";
import { renderRefusal } from "../render/render-refusal.ts";
import { analyseRequestText } from "./analyse-request-text.ts";
import { answerAudit } from "./answer-audit.ts";
import type { ApproverGroups } from "./approver-groups.ts";
import { handleIntent, type RequestPlanner } from "./handle-intent.ts";
import type { InventoryCache } from "./inventory-cache.ts";
import { createPlanInThread, failureMessage } from "./plan-in-thread.ts";
import { prefetchRead } from "./prefetch-read.ts";
import type { EarlyReads, ReadCoalescer } from "./read-coalescer.ts";
import { readRequestText } from "./read-request-text.ts";
import type { SlackAppDeps } from "./slack-deps.ts";
import type { SlackOut, Thread } from "./slack-out.ts";

export interface SlackRequest {
  // The words, without the bot's mention.
  text: string;
  user: string;
  channel: string;
  // Where the answer goes.
  thread: Thread;
  source: Extract<PlanContext["source"], "mention" | "command" | "dm">;
  // The read started for it before its thread was opened (prefetch-read.ts), if any.
  early?: EarlyReads;
}

export interface RequestHandlerDeps extends SlackAppDeps {
  out: SlackOut;
  inventory: InventoryCache;
  // Identical reads share one helm process; a read started early is kept for its answer.
  reads: ReadCoalescer;
  metrics: Metrics;
  now: () => Date;
  diagnose: DiagnoseRelease;
  // Slack user-group membership: which of the policy's mapped groups a requester is in.
  groups?: ApproverGroups;
}

// The words of a request, read and answered (help, audit, or the analyser's Intent).
async function answerWords(
  d: RequestHandlerDeps,
  planner: RequestPlanner,
  req: SlackRequest,
): Promise<void> {
  const words = readRequestText(req.text);
  switch (words.kind) {
    case "help":
      await d.out.reply(req.thread, renderHelp());
      return;
    case "bad-audit":
      await d.out.reply(
        req.thread,
        message(words.reason, [{ type: "section", text: md`⚠️ ${words.reason}` }]),
      );
      return;
    case "audit":
      await answerAudit(d, req, words.release, words.namespace);
      return;
    case "text":
      await handleIntent(d, planner, req, await analyseRequestText(d, req, words.text));
      return;
  }
}

async function answerFailure(
  d: RequestHandlerDeps,
  req: SlackRequest,
  error: unknown,
): Promise<void> {
  const info = codedErrorInfo(error);
  if (info.code === "unexpected_error") {
    d.log("error", "request failed", {
      code: info.code,
      error: info.message,
      channel: req.channel,
    });
    await d.out.reply(req.thread, failureMessage(error));
    return;
  }
  // The cluster or helm said no before anything could be planned: said in the thread.
  await d.out.reply(req.thread, renderRefusal(refusalFromError(info, "request", null)));
}

export function createRequestHandler(d: RequestHandlerDeps) {
  const planner = createPlanInThread(d);

  async function handle(req: SlackRequest): Promise<void> {
    d.metrics.inc("wheelhouse_requests_total", { source: req.source });
    await planner.audit("request", req, redactRequestText(req.text).slice(0, 500));
    try {
      await answerWords(d, planner, req);
    } catch (error) {
      await answerFailure(d, req, error);
    }
  }

  // Starts the read the request will need, if it is one, before the thread to answer in exists.
  // `done`: the early read has ended (never rejects), for the work to wait on.
  function prefetch(req: Pick<SlackRequest, "text" | "channel">) {
    const early = d.reads.early();
    // Never shown nor logged: the answer gets the same outcome when it asks for the same read.
    const done = prefetchRead(d, req, early).catch(() => undefined);
    return { early, done };
  }

  return {
    handle,
    prefetch,
    handleIntent: (req: SlackRequest, intent: Intent) => handleIntent(d, planner, req, intent),
  };
}
