// A failed helm hook: which one, its events and phase, and its error. The Job and its pods are
// read when still there; when the hook's delete policy removed them, helm's history
// description is all that is left, and the finding says so. Pure.
import { z } from "zod";
import type { Finding, HookSnapshot, ReleaseSnapshot } from "../model/diagnosis.ts";
import { classifyPodIssues } from "./classify-pod-issues.ts";
import { podName } from "./evaluate-pod.ts";
import { HOOK_FAILURE } from "./find-release-state-findings.ts";
import { jobNameOf } from "./read-live-objects.ts";
import { selectWarningEvents } from "./select-warning-events.ts";

const jobSchema = z.object({
  metadata: z.object({ name: z.string() }),
  status: z
    .object({
      failed: z.number().optional(),
      conditions: z
        .array(
          z.object({
            type: z.string(),
            status: z.string(),
            reason: z.string().optional(),
            message: z.string().optional(),
          }),
        )
        .optional(),
    })
    .default({}),
});

// "pre-upgrade hooks failed: 1 error occurred:\n\t* job x failed: BackoffLimitExceeded" →
// "job x failed: BackoffLimitExceeded" (helm 3); helm 4 says "resource Job/ns/x not ready. …".
export function hookErrorFromDescription(description: string): string | null {
  const match = /hooks? failed:\s*([\s\S]*)$/.exec(description);
  if (!match?.[1]) return null;
  const text = match[1]
    .replace(/\d+ errors? occurred:/, "")
    .replace(/\s*\*\s+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text === "" ? null : text;
}

function jobEvidence(snapshot: ReleaseSnapshot, hook: HookSnapshot): string[] {
  const job = snapshot.jobs
    .map((j) => jobSchema.safeParse(j))
    .find((j) => j.success && j.data.metadata.name === hook.name);
  if (job === undefined || !job.success) {
    const policy = hook.deletePolicies.includes("hook-failed")
      ? `its hook-delete-policy (${hook.deletePolicies.join(", ")}) deleted the Job and its pods after the failure`
      : "the Job is no longer in the cluster";
    return [`${policy}: helm's history description is the only record of the error`];
  }
  const lines: string[] = [];
  for (const c of job.data.status.conditions ?? []) {
    if (c.status !== "True" || (c.type !== "Failed" && c.type !== "FailureTarget")) continue;
    lines.push(
      `Job ${hook.name}: ${c.type} ${c.reason ?? ""}${c.message ? `: ${c.message}` : ""}`.trim(),
    );
  }
  const pods = snapshot.pods.filter((p) => jobNameOf(p) === hook.name);
  for (const issue of pods.flatMap(classifyPodIssues).slice(0, 3)) {
    const exit = issue.exitCode === null ? "" : `, exit code ${issue.exitCode}`;
    lines.push(
      `pod ${issue.pod}: ${issue.reason}${exit}${issue.message ? `: ${issue.message}` : ""}`,
    );
  }
  const names = new Set(pods.map(podName));
  for (const log of snapshot.logs) {
    if (!names.has(log.pod)) continue;
    const tail = log.text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .slice(-5);
    for (const line of tail) lines.push(`log ${log.pod}/${log.container}: ${line}`);
  }
  return lines;
}

export function findHookFindings(snapshot: ReleaseSnapshot): Finding[] {
  const status = snapshot.status;
  if (status === null) return [];
  const helmSaysHook = status.status === "failed" && HOOK_FAILURE.test(status.description);
  const failed = status.hooks.filter((h) => h.phase === "Failed");
  // helm named a hook failure but no hook says Failed (a timeout): the unfinished ones are it.
  const culprits =
    failed.length > 0 || !helmSaysHook
      ? failed
      : status.hooks.filter((h) => h.phase !== "Succeeded");
  if (culprits.length === 0 && !helmSaysHook) return [];
  const error = hookErrorFromDescription(status.description);
  const described = culprits.length > 0 ? culprits : [null];
  return described.map((hook) => {
    const which =
      hook === null ? "a hook" : `the ${hook.events.join("/")} hook ${hook.kind} ${hook.name}`;
    const phase = hook?.phase ?? "unknown";
    return {
      code: "failed-hook",
      severity: "critical",
      summary: `${which} failed (phase ${phase}) at revision ${status.revision}${error ? `: ${error}` : ""}`,
      evidence: [
        `helm status: ${status.status}, revision ${status.revision} (${status.chart})`,
        ...(status.description
          ? [`helm's description: ${status.description.replace(/\s+/g, " ").trim()}`]
          : []),
        ...(hook === null
          ? []
          : [
              `hook ${hook.name}: events ${hook.events.join(", ") || "none"}, phase ${phase}, started ${hook.startedAt ?? "never"}, completed ${hook.completedAt ?? "never"}`,
              ...jobEvidence(snapshot, hook),
              ...selectWarningEvents(snapshot.events, [hook.name], 3).map((e) => `event ${e}`),
            ]),
      ],
    };
  });
}
