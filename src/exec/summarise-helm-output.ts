// What the report keeps of helm's answer: never the raw JSON (it holds every value, secrets
// included), but the release's new state and NOTES, or helm's sentence; credential-looking
// lines hidden, and truncated. Pure.

import type { MutationResult } from "../helm/helm-client.ts";
import type { ExecutionReport } from "../model/execution-report.ts";
import { codedErrorInfo } from "../plan/refuse.ts";
import { redactText } from "../redact/redact-text.ts";

export const MAX_OUTPUT = 2000;

function truncate(text: string, max = MAX_OUTPUT): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (truncated)`;
}

function clean(text: string): string {
  return redactText(text.trim());
}

export function summariseHelmOutput(result: MutationResult): string {
  const release = result.release;
  if (release === undefined) return truncate(clean(result.stdout));
  const chart = release.chart?.metadata;
  const lines = [
    `${release.name}: revision ${release.version}, ${release.info.status}` +
      (chart ? `, chart ${chart.name}-${chart.version}` : "") +
      (release.info.description ? ` (${release.info.description})` : ""),
  ];
  if (release.info.notes?.trim()) lines.push("NOTES:", release.info.notes.trim());
  return truncate(clean(lines.join("\n")));
}

export function reportError(error: unknown): NonNullable<ExecutionReport["error"]> {
  const info = codedErrorInfo(error);
  return {
    code: info.code,
    message: truncate(clean(info.message), 500),
    stderrHead: truncate(clean(info.stderrHead), 1500),
  };
}
