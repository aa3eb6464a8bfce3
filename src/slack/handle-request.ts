// One request, from words to an answer in its thread: help and audit, or the analyser's Intent;
// then the channel's policy; then a read answered at once, or a plan saved and shown with its
// buttons. Every request, plan and refusal goes to the audit log. Nothing here runs a change.

import type { DiagnoseRelease } from "../model/diagnosis.ts";
import { type Intent, MUTATING_OPERATIONS } from "../model/intent.ts";
import type { RunIdentity } from "../model/kube-identity.ts";
import type { Metrics } from "../observe/metrics.ts";
import { isPlanOperation } from "../plan/plan-types.ts";
import { codedErrorInfo, refusalFromError } from "../plan/refuse.ts";
import { decideRequest } from "../policy/decide-request.ts";
import { filterReadable } from "../policy/filter-readable.ts";
import { maySeeAuditEntry } from "../policy/may-see-audit-entry.ts";
import { isNamespaceReadable } from "../policy/resolve-channel-rule.ts";
import { identityGroupIds, resolveKubeIdentity } from "../policy/resolve-kube-identity.ts";
import { redactRequestText } from "../redact/redact-request-text.ts";
import { md } from "../render/markdown.ts";
import { message } from "../render/message.ts";
import { renderAudit } from "../render/render-audit.ts";
import { renderClarification } from "../render/render-clarification.ts";
import { renderHelp } from "../render/render-help.ts";
import { renderNotAllowed, renderRefusal } from "../render/render-refusal.ts";
import type { PlanContext } from "../store/plan-record.ts";
import { answerDiagnosis } from "./answer-diagnosis.ts";
import { answerRead, isReadOperation } from "./answer-read.ts";
import type { ApproverGroups } from "./approver-groups.ts";
import type { InventoryCache } from "./inventory-cache.ts";
import { createPlanInThread, failureMessage, outcomeOf } from "./plan-in-thread.ts";
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
}

export interface RequestHandlerDeps extends SlackAppDeps {
  out: SlackOut;
  inventory: InventoryCache;
  metrics: Metrics;
  now: () => Date;
  diagnose: DiagnoseRelease;
  // Slack user-group membership: which of the policy's mapped groups a requester is in.
  groups?: ApproverGroups;
}

const KEEP_HISTORY = /--keep-history\b|\bkeep(ing)? (the )?(release )?history\b/i;

// Whom a requester's dry runs impersonate: the policy's mapping of them and their user groups.
async function requesterIdentity(d: RequestHandlerDeps, user: string): Promise<RunIdentity> {
  const named = identityGroupIds(d.policy);
  const inGroups = named.length > 0 && d.groups ? await d.groups(user, named) : [];
  return resolveKubeIdentity(d.policy, user, inGroups);
}

export function createRequestHandler(d: RequestHandlerDeps) {
  const planner = createPlanInThread(d);
  const { audit } = planner;

  function plan(req: SlackRequest, intent: Intent): Promise<void> {
    const title = `${intent.operation} ${intent.release?.name ?? ""}`.trim();
    return planner.plan(req, title, () =>
      outcomeOf(intent, async () =>
        d.makePlan({
          intent,
          inventory: await d.inventory.fresh(),
          helm: d.helm,
          kube: d.kube,
          now: d.now(),
          runAs: await requesterIdentity(d, req.user),
          options: {
            text: req.text,
            keepHistory: KEEP_HISTORY.test(req.text),
            ...(d.execution ? { execution: d.execution } : {}),
          },
        }),
      ),
    );
  }

  // An Intent, from the analyser or from a clarification's button.
  async function handleIntent(req: SlackRequest, intent: Intent): Promise<void> {
    const { operation } = intent;
    if (operation === "help") {
      await d.out.reply(req.thread, renderHelp());
      return;
    }
    const needsRelease = operation !== "list" && operation !== "unknown";
    if (
      operation === "unknown" ||
      intent.clarification !== null ||
      (needsRelease && intent.release === null)
    ) {
      // Candidates come from a readable inventory, or from a button (re-checked here).
      const candidates = filterReadable(d.policy, req.channel, intent.candidates);
      await d.out.reply(req.thread, renderClarification({ ...intent, candidates }));
      return;
    }
    const decision = decideRequest(d.policy, {
      channel: req.channel,
      operation,
      namespace: intent.release?.namespace ?? intent.namespace,
    });
    if (!decision.allowed) {
      if (MUTATING_OPERATIONS.has(operation))
        d.metrics.inc("wheelhouse_plans_total", { result: "not_allowed" });
      await d.out.reply(req.thread, renderNotAllowed(operation, decision.reason));
      await audit("refusal", req, `not allowed: ${decision.reason}`, { release: intent.release });
      return;
    }
    if (operation === "diagnose" && intent.release !== null) {
      await answerDiagnosis(
        { ...d, planner, identityOf: (user) => requesterIdentity(d, user) },
        req,
        intent.release,
      );
      return;
    }
    if (isReadOperation(operation)) {
      const all = /(^|\s)(--all|-a)(\s|$)|\ball values\b/i.test(req.text);
      for (const answer of await answerRead(d, req.channel, { ...intent, operation }, { all })) {
        await d.out.reply(req.thread, answer);
      }
      return;
    }
    if (isPlanOperation(operation)) await plan(req, intent);
  }

  async function answerAudit(
    req: SlackRequest,
    release: string | null,
    namespace: string | null,
  ): Promise<void> {
    let ref = null;
    if (namespace !== null && !isNamespaceReadable(d.policy, req.channel, namespace)) {
      const text = `This channel may not read namespace ${namespace}, nor its audit trail.`;
      await d.out.reply(req.thread, message(text, [{ type: "section", text: md`${text}` }]));
      return;
    }
    if (release !== null) {
      const readable = filterReadable(d.policy, req.channel, await d.inventory.get());
      const matches = readable.filter(
        (r) => r.name === release && (namespace === null || r.namespace === namespace),
      );
      const only = matches.length === 1 ? matches[0] : undefined;
      ref = only
        ? { name: only.name, namespace: only.namespace }
        : namespace
          ? { name: release, namespace }
          : null;
      if (ref === null) {
        const where = matches.map((m) => m.namespace).join(", ");
        const text =
          matches.length === 0
            ? `There is no release ${release}: add -n NAMESPACE if it was uninstalled.`
            : `${release} is in several namespaces (${where}): add -n NAMESPACE.`;
        await d.out.reply(req.thread, message(text, [{ type: "section", text: md`${text}` }]));
        return;
      }
    }
    const entries = await d.audit.recent({
      ...(ref ? { release: ref } : {}),
      limit: 25,
      where: (entry) => maySeeAuditEntry(d.policy, req.channel, entry),
    });
    await d.out.reply(req.thread, renderAudit(entries, ref));
  }

  async function handle(req: SlackRequest): Promise<void> {
    d.metrics.inc("wheelhouse_requests_total", { source: req.source });
    const words = readRequestText(req.text);
    await audit("request", req, redactRequestText(req.text).slice(0, 500));
    try {
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
          await answerAudit(req, words.release, words.namespace);
          return;
        case "text": {
          // The analyser (and a model) only ever sees releases this channel may read.
          const releases = filterReadable(d.policy, req.channel, await d.inventory.get());
          let intent = await d.analyze(words.text, releases);
          // The cached list can predate a release installed seconds ago: ask once more, fresh.
          if (namesNoKnownRelease(intent)) {
            const fresh = filterReadable(d.policy, req.channel, await d.inventory.fresh());
            if (
              fresh.length !== releases.length ||
              fresh.some((r, i) => r.name !== releases[i]?.name)
            )
              intent = await d.analyze(words.text, fresh);
          }
          await handleIntent(req, intent);
          return;
        }
      }
    } catch (error) {
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
  }

  return { handle, handleIntent };
}

// A request about one release that the analyser could not find in the inventory.
function namesNoKnownRelease(intent: Intent): boolean {
  return (
    intent.release === null &&
    intent.clarification !== null &&
    intent.candidates.length === 0 &&
    !["list", "help", "unknown"].includes(intent.operation)
  );
}
